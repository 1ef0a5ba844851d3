"""The local registry: the offline replica of the certificate library.

Tables in :mod:`kiosk.registry.models`, the JSON import in
:mod:`kiosk.registry.importer`, the document source in
:mod:`kiosk.registry.source`, the demo data in :mod:`kiosk.registry.demo`.
"""
