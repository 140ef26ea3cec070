"""`caibao bench`: ingest, retrieval and answer speed, side by side with the default llama-index pipeline."""
