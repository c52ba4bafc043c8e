"""The HTTP API: FastAPI routes over the engine. `create_app()` builds the app."""

from gradplay.api.app import create_app

__all__ = ["create_app"]
