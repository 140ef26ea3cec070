"""`caibao serve`: the API under uvicorn, on a loopback address unless an API key guards it."""

from __future__ import annotations

import ipaddress

import uvicorn

from api.app import build_api
from rag import Assistant


def serve(assistant: Assistant) -> None:
    """Warm the models, then serve `build_api(assistant)` at the settings' address until interrupted."""
    settings = assistant.settings
    if not settings.api_key and not is_loopback(settings.api_host):
        raise ValueError(
            f"CAIBAO_API_HOST={settings.api_host!r} is reachable from other machines: set CAIBAO_API_KEY so that "
            "every request needs it, or serve on 127.0.0.1"
        )
    print("loading models and reading the prompts' fixed part, so the first answer is as fast as the next …", flush=True)
    assistant.warm_up()
    uvicorn.run(build_api(assistant, settings.api_key), host=settings.api_host, port=settings.api_port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False
