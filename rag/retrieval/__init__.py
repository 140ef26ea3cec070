"""Finding the passages a question is answered from: its scope, the retrievers, translation, restated rows."""
