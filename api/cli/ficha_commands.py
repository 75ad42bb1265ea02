"""Commands (placeholder; filled in by its issue)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Register this group's commands."""
