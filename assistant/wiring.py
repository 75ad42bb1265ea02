"""The only place that instantiates concrete adapters: `build_services(settings)`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from assistant.settings import Settings


@dataclass
class Services:
    """Everything the adapters need, built lazily from one `Settings`."""

    settings: Settings


def build_services(settings: Settings) -> Services:
    """Wire the services for ``settings`` (heavy resources load on first use or warm_up)."""
    return Services(settings=settings)


__all__ = ["Services", "build_services", "cached_property"]
