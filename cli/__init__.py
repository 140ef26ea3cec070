"""The `caibao` command line: ingest, ask, list and remove documents, evaluate, benchmark, serve the UI."""
