"""Civic Kiosk core: config, catalog, journey, identity rules, documents, storage, CLI.

Nothing in this package imports Qt (an import-linter contract checks it).
"""

__version__ = "0.1.0"
