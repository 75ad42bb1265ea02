"""Spanish wording of pydantic validation errors (ficha files and rule parameters)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_TYPES: dict[str, str] = {
    "missing": "falta este dato",
    "extra_forbidden": "no es un campo reconocido",
    "string_type": "debe ser un texto",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "float_type": "debe ser un número",
    "float_parsing": "debe ser un número",
    "bool_type": "debe ser verdadero o falso",
    "bool_parsing": "debe ser verdadero o falso",
    "list_type": "debe ser una lista",
    "dict_type": "debe ser un grupo de campos (un objeto)",
    "model_type": "debe ser un grupo de campos (un objeto)",
    "model_attributes_type": "debe ser un grupo de campos (un objeto)",
    "datetime_type": "debe ser una fecha y hora (AAAA-MM-DDTHH:MM)",
    "datetime_parsing": "debe ser una fecha y hora (AAAA-MM-DDTHH:MM)",
    "datetime_from_date_parsing": "debe ser una fecha (AAAA-MM-DD)",
    "too_short": "tiene muy pocos elementos",
    "too_long": "tiene demasiados elementos",
}


def _bound(error: ErrorDetails) -> str:
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "greater_than_equal":
        return f"debe ser mayor o igual que {ctx.get('ge')}"
    if kind == "greater_than":
        return f"debe ser mayor que {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"debe ser menor o igual que {ctx.get('le')}"
    if kind == "less_than":
        return f"debe ser menor que {ctx.get('lt')}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"valor no válido ({error['msg']})"


def describe_error(error: ErrorDetails) -> str:
    """The Spanish description of one pydantic error (without the location)."""
    return _TYPES.get(error["type"]) or _bound(error)


def error_path(error: ErrorDetails) -> str:
    """Dotted location with list positions as ``[n]`` (1-based, as users count)."""
    path = ""
    for part in error["loc"]:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def describe_validation_error(
    exc: ValidationError,
    *,
    label: Callable[[str], str | None] | None = None,
    limit: int = 8,
) -> list[str]:
    """One Spanish line per error, e.g. "«vigencia» (Vigencia): debe ser un número entero".

    Args:
        exc: The pydantic error.
        label: Returns a human label for a dotted path, or ``None``.
        limit: At most this many lines (a last line says how many more there are).
    """
    lines: list[str] = []
    errors = exc.errors(include_url=False)
    for error in errors[:limit]:
        path = error_path(error)
        name = label(path) if label else None
        where = f"«{path}»" + (f" ({name})" if name else "") if path else "El documento"
        lines.append(f"{where}: {describe_error(error)}")
    if len(errors) > limit:
        lines.append(f"… y {len(errors) - limit} problema(s) más.")
    return lines


def first_error(exc: ValidationError, names: Mapping[str, str] | None = None) -> str:
    """The first error as one line (for rule parameters)."""
    lines = describe_validation_error(exc, label=(names or {}).get, limit=1)
    return lines[0] if lines else str(exc)


__all__ = ["describe_error", "describe_validation_error", "error_path", "first_error"]
