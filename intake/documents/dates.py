"""Dates as people in Colombia read them: Spanish month names, America/Bogotá time (UTC−5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

EMPTY = "Sin diligenciar"

COLOMBIA = timezone(timedelta(hours=-5), "COT")
"""Colombia's time zone (UTC−5 all year, no daylight saving)."""

_MONTHS = (
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"
).split()


def format_datetime(value: datetime | None, *, with_time: bool = True) -> str:
    """A date in Spanish, in Colombian time: "24 de febrero de 2026, 16:05"."""
    if value is None:
        return EMPTY
    # Stored times without a zone are UTC (SQLite drops it); never show them as local.
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(COLOMBIA)
    text = f"{local.day} de {_MONTHS[local.month - 1]} de {local.year}"
    return f"{text}, {local:%H:%M}" if with_time else text


__all__ = ["COLOMBIA", "format_datetime"]
