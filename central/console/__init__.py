"""The console: the web pages the halls' people use over the central database (docs/console.md).

Server-rendered HTML (Jinja2 templates in ``templates/``), Chinese first, English available,
readable on a phone; no script and nothing fetched from elsewhere.
"""
