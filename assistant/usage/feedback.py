"""Feedback on an answer: útil / no útil, with an optional reason."""

from __future__ import annotations

from enum import StrEnum

from assistant.errors import AssistantError, ErrorKind
from knowledge import fold

MAX_REASON = 500


class FeedbackError(AssistantError):
    """The feedback cannot be recorded (unknown value, unknown answer)."""

    code = "retroalimentacion_invalida"
    kind = ErrorKind.INVALID


class Feedback(StrEnum):
    """What a user said about an answer."""

    UTIL = "util"
    NO_UTIL = "no_util"


_SPELLINGS = {
    "util": Feedback.UTIL,
    "si": Feedback.UTIL,
    "+1": Feedback.UTIL,
    "no util": Feedback.NO_UTIL,
    "no": Feedback.NO_UTIL,
    "-1": Feedback.NO_UTIL,
}


def parse_feedback(text: str) -> Feedback:
    """``útil``/``no-útil`` (accents, dashes and case ignored) as a `Feedback`."""
    key = " ".join(fold(text).replace("-", " ").replace("_", " ").split())
    try:
        return _SPELLINGS[key]
    except KeyError:
        raise FeedbackError(
            f"Valor de retroalimentación desconocido: «{text}». Use «útil» o «no-útil»."
        ) from None


def clean_reason(reason: str | None) -> str | None:
    """The reason trimmed to `MAX_REASON` characters (None when empty)."""
    text = " ".join((reason or "").split())
    return text[:MAX_REASON] or None


__all__ = ["Feedback", "FeedbackError", "clean_reason", "parse_feedback"]
