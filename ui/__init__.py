"""The Gradio chat UI: `caibao ui` serves `build_app(Assistant())` on 127.0.0.1."""

from ui.app import build_app, launch

__all__ = ["build_app", "launch"]
