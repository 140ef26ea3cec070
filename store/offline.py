"""Environment switches that keep every library in the stack from reaching for the network."""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def apply_offline_env() -> None:
    """Set the switches unless the user set them; must run before chromadb/transformers are imported."""
    for name, value in OFFLINE_ENV.items():
        os.environ.setdefault(name, value)
