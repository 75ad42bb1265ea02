"""Errors of the intake package (ficha, rules engine, workflow).

Validation findings are values (`Finding`), never exceptions. Errors are for what cannot
go on; they join the product's one root (`knowledge.errors.UserFacingError`, the only module
of ``knowledge`` that ``intake`` imports) and declare their kind::

    IntakeError
    ├── RulesConfigError       invalid    the rules file is malformed (names rule and problem)
    ├── FichaFormatError       invalid    a ficha file cannot be read (bad JSON/YAML, shape)
    ├── UnknownFieldError      invalid    a field id that the ficha does not have
    ├── PermissionDeniedError  forbidden  the actor may not do this action
    ├── WorkflowError          conflict   a transition not allowed from the current status
    │   └── SubmissionBlockedError  invalid  errors or unaccepted warnings block sending
    ├── ConflictError          conflict   someone else saved first (optimistic locking)
    └── FichaNotFoundError     not found  no stored ficha (or intake session) with that id
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.errors import ErrorKind, UserFacingError

if TYPE_CHECKING:
    from intake.rules.report import ValidationReport


class IntakeError(UserFacingError):
    """Root of the intake errors."""

    code = "ficha"


class RulesConfigError(IntakeError):
    """The rules configuration is malformed."""

    code = "reglas_invalidas"
    kind = ErrorKind.INVALID


class FichaFormatError(IntakeError):
    """A ficha file could not be read."""

    code = "ficha_invalida"
    kind = ErrorKind.INVALID


class UnknownFieldError(IntakeError):
    """A field id that is not part of the ficha (e.g. ``validate_field(ficha, "nombres")``)."""

    code = "campo_desconocido"
    kind = ErrorKind.INVALID


class PermissionDeniedError(IntakeError):
    """The actor is not allowed to perform this action."""

    code = "sin_permiso"
    kind = ErrorKind.FORBIDDEN


class WorkflowError(IntakeError):
    """The requested transition is not allowed."""

    code = "transicion_invalida"
    kind = ErrorKind.CONFLICT


class ConflictError(IntakeError):
    """A concurrent edit won; reload and try again."""

    code = "conflicto"
    kind = ErrorKind.CONFLICT


class SubmissionBlockedError(WorkflowError):
    """The ficha cannot be sent to DER: it has errors or warnings not yet accepted.

    Attributes:
        report: The `ValidationReport` that blocked it (``None`` when not validated).
        pending_warnings: Keys of the warnings still to be accepted.
    """

    code = "envio_bloqueado"
    kind = ErrorKind.INVALID

    def __init__(
        self,
        message: str,
        *,
        report: ValidationReport | None = None,
        pending_warnings: tuple[str, ...] = (),
        detail: str | None = None,
    ) -> None:
        super().__init__(message, detail=detail)
        self.report = report
        self.pending_warnings = pending_warnings

    def details(self) -> list[str]:
        """Each error and each warning still to accept: field, message and policy reference."""
        if self.report is None:
            return []
        pending = set(self.pending_warnings)
        return [
            f"{f.field_label}: {f.message} ({f.reference})"
            for f in self.report.findings
            if f.is_error or f.key in pending
        ]


class FichaNotFoundError(IntakeError):
    """There is no stored ficha with the given id."""

    code = "ficha_no_encontrada"
    kind = ErrorKind.NOT_FOUND
