"""The user's work around answers: files ingested, saved conversations and their export, context, examples."""
