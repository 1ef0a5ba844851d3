"""The hall's and the city's central service: ingest from the kiosks into PostgreSQL, statistics
over them, and (issue 13) the console. Imports the kiosk's wire format and shared rules (the time
bands, the calendar) only; never ``ui`` or ``devices``."""
