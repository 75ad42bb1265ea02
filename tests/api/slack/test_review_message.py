"""The DER message's small parts: time in Bogotá, button values of a version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from api.slack.review_message import action_value, parse_value, stale, when


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 12, 6, 14, 41, tzinfo=UTC), "6/12/2026 9:41 a. m."),
        (datetime(2026, 12, 6, 17, 5, tzinfo=UTC), "6/12/2026 12:05 p. m."),
        (datetime(2026, 1, 1, 4, 0, tzinfo=UTC), "31/12/2025 11:00 p. m."),
    ],
)
def test_times_are_shown_in_bogota(moment: datetime, shown: str) -> None:
    assert when(moment) == shown


def test_a_button_names_its_version_and_old_buttons_have_none() -> None:
    assert parse_value(action_value("F-1A2B3C4D", 3)) == ("F-1A2B3C4D", 3)
    assert parse_value("F-1A2B3C4D") == ("F-1A2B3C4D", None)
    assert "versión 1" in stale(1, 2) and "versión 2" in stale(1, 2)
