"""The one exception ingest raises for input it cannot accept."""


class IngestError(ValueError):
    """A file could not be ingested; the message says why in one line."""
