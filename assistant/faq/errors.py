"""Errors of the FAQ bank; all of them are `AssistantError`, so adapters show their message::

    AssistantError
    └── FaqError
        ├── FaqPermissionDeniedError  the actor's roles do not allow the action (or four eyes)
        ├── FaqWorkflowError          the action is not allowed from the entry's status
        ├── FaqValidationError        invalid content (unknown section, empty answer…)
        ├── FaqConflictError          someone else changed the entry first
        ├── MatchingConflictError     publishing would break FAQ routing (carries the conflicts)
        └── FaqImportError            an import file has invalid rows (carries the problems)

A missing entry or revision raises `assistant.errors.NotFoundError`. This module is a leaf of
the bank (it imports none of its modules), so every module of the bank may raise these.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.errors import AssistantError, ErrorKind


class Describable(Protocol):
    """A problem that can say what it is (a `MatchingConflict`, for instance)."""

    def describe(self) -> str:
        """One Spanish sentence."""
        ...


class FaqError(AssistantError):
    """Root of the FAQ bank's errors."""

    code = "faq"


class FaqPermissionDeniedError(FaqError):
    """The actor may not perform this action on the FAQ bank."""

    code = "sin_permiso"
    kind = ErrorKind.FORBIDDEN


class FaqWorkflowError(FaqError):
    """The action is not allowed from the entry's current status."""

    code = "transicion_invalida"
    kind = ErrorKind.CONFLICT


class FaqValidationError(FaqError):
    """The entry's content is invalid; ``problems`` lists each problem in Spanish."""

    code = "faq_invalida"
    kind = ErrorKind.INVALID

    def __init__(self, message: str, *, problems: Sequence[str] = ()) -> None:
        super().__init__(message, detail="; ".join(problems) or None)
        self.problems = list(problems)

    def details(self) -> list[str]:
        """Each problem with the content."""
        return list(self.problems)


class FaqConflictError(FaqError):
    """A concurrent change won (optimistic locking); reload and try again."""

    code = "conflicto"
    kind = ErrorKind.CONFLICT


class MatchingConflictError(FaqError):
    """Publishing would make a phrasing route to the wrong entry, or to none."""

    code = "conflicto_de_coincidencia"
    kind = ErrorKind.CONFLICT

    def __init__(self, message: str, *, conflicts: Sequence[Describable]) -> None:
        super().__init__(message, detail="; ".join(c.describe() for c in conflicts))
        self.conflicts = list(conflicts)

    def details(self) -> list[str]:
        """Each phrasing that would route wrongly."""
        return [c.describe() for c in self.conflicts]


class FaqImportError(FaqError):
    """An import file has invalid rows; nothing was imported."""

    code = "importacion_invalida"
    kind = ErrorKind.INVALID

    def __init__(self, message: str, *, problems: Sequence[object]) -> None:
        super().__init__(message, detail="; ".join(str(p) for p in problems))
        self.problems = list(problems)

    def details(self) -> list[str]:
        """Each invalid row, with its number."""
        return [str(p) for p in self.problems]


__all__ = [
    "Describable",
    "FaqConflictError",
    "FaqError",
    "FaqImportError",
    "FaqPermissionDeniedError",
    "FaqValidationError",
    "FaqWorkflowError",
    "MatchingConflictError",
]
