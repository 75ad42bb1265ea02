"""Errors of the FAQ bank; all of them are `AssistantError`, so adapters show their message::

    AssistantError
    └── FaqError
        ├── FaqPermissionDeniedError  the actor's roles do not allow the action (or four eyes)
        ├── FaqWorkflowError          the action is not allowed from the entry's status
        ├── FaqValidationError        invalid content (unknown section, empty answer…)
        ├── FaqConflictError          someone else changed the entry first
        ├── MatchingConflictError     publishing would break FAQ routing (carries the conflicts)
        └── FaqImportError            an import file has invalid rows (carries the problems)

A missing entry or revision raises `assistant.errors.NotFoundError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.faq.exchange import RowProblem
    from assistant.faq.regression import MatchingConflict


class FaqError(AssistantError):
    """Root of the FAQ bank's errors."""

    code = "faq"


class FaqPermissionDeniedError(FaqError):
    """The actor may not perform this action on the FAQ bank."""

    code = "sin_permiso"


class FaqWorkflowError(FaqError):
    """The action is not allowed from the entry's current status."""

    code = "transicion_invalida"


class FaqValidationError(FaqError):
    """The entry's content is invalid; ``problems`` lists each problem in Spanish."""

    code = "faq_invalida"

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        super().__init__(message, detail="; ".join(problems) or None)
        self.problems = list(problems)


class FaqConflictError(FaqError):
    """A concurrent change won (optimistic locking); reload and try again."""

    code = "conflicto"


class MatchingConflictError(FaqError):
    """Publishing would make a phrasing route to the wrong entry, or to none."""

    code = "conflicto_de_coincidencia"

    def __init__(self, message: str, *, conflicts: Sequence[MatchingConflict]) -> None:
        super().__init__(message, detail="; ".join(c.describe() for c in conflicts))
        self.conflicts = list(conflicts)


class FaqImportError(FaqError):
    """An import file has invalid rows; nothing was imported."""

    code = "importacion_invalida"

    def __init__(self, message: str, *, problems: Sequence[RowProblem]) -> None:
        super().__init__(message, detail="; ".join(str(p) for p in problems))
        self.problems = list(problems)


__all__ = [
    "FaqConflictError",
    "FaqError",
    "FaqImportError",
    "FaqPermissionDeniedError",
    "FaqValidationError",
    "FaqWorkflowError",
    "MatchingConflictError",
]
