"""Figures by code: table cells looked up, calculations planned or set up by the model, comparisons."""
