"""Errors of the intake package (ficha, rules engine, workflow).

Validation findings are values (`Finding`), never exceptions. Errors are for what cannot
go on::

    IntakeError
    ├── RulesConfigError     the rules file is malformed (names the rule and the problem)
    ├── FichaFormatError     a ficha file cannot be read (bad JSON/YAML, wrong shape)
    ├── UnknownFieldError    a field id that the ficha does not have (developer mistake)
    ├── PermissionDeniedError  the actor may not do this action
    ├── WorkflowError        a transition not allowed from the current status
    │   └── SubmissionBlockedError  errors or unaccepted warnings block sending to DER
    ├── ConflictError        someone else saved first (optimistic locking)
    └── FichaNotFoundError   no stored ficha (or intake session) with that id
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake.rules.report import ValidationReport


class IntakeError(Exception):
    """Root of the intake errors."""

    code = "ficha"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class RulesConfigError(IntakeError):
    """The rules configuration is malformed."""

    code = "reglas_invalidas"


class FichaFormatError(IntakeError):
    """A ficha file could not be read."""

    code = "ficha_invalida"


class UnknownFieldError(IntakeError):
    """A field id that is not part of the ficha (e.g. ``validate_field(ficha, "nombres")``)."""

    code = "campo_desconocido"


class PermissionDeniedError(IntakeError):
    """The actor is not allowed to perform this action."""

    code = "sin_permiso"


class WorkflowError(IntakeError):
    """The requested transition is not allowed."""

    code = "transicion_invalida"


class ConflictError(IntakeError):
    """A concurrent edit won; reload and try again."""

    code = "conflicto"


class SubmissionBlockedError(WorkflowError):
    """The ficha cannot be sent to DER: it has errors or warnings not yet accepted.

    Attributes:
        report: The `ValidationReport` that blocked it (``None`` when not validated).
        pending_warnings: Keys of the warnings still to be accepted.
    """

    code = "envio_bloqueado"

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


class FichaNotFoundError(IntakeError):
    """There is no stored ficha with the given id."""

    code = "ficha_no_encontrada"
