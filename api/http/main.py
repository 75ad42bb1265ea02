"""Process entry point for uvicorn workers (``uvicorn --factory api.http.main:app_factory``)."""

from __future__ import annotations

from fastapi import FastAPI

from api.http.app import create_app
from assistant.settings import Settings


def app_factory() -> FastAPI:
    """Build `Settings` once for this worker process and the app around it."""
    return create_app(Settings())
