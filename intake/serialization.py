"""Fichas to and from JSON and YAML files, and the JSON Schema of the ficha.

Every failure to read a ficha becomes a `FichaFormatError` with a Spanish message that says
what is wrong and where (line and column for syntax errors, the field for shape errors).
Content problems of a well-formed ficha (a blank name, a problem phrased as an absent
solution) are not format errors: they are findings of the rules engine.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from intake.errors import FichaFormatError
from intake.ficha import FICHA_SCHEMA_ID, Ficha
from intake.fields import FIELDS
from intake.rules.messages import describe_validation_error
from intake.rules.report import ValidationReport

FichaFormat = Literal["json", "yaml"]
_SUFFIXES: dict[str, FichaFormat] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def format_of(path: str | Path) -> FichaFormat:
    """The format implied by a file name (``.json``, ``.yaml`` or ``.yml``).

    Raises:
        FichaFormatError: Any other extension.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise FichaFormatError(
            f"No se reconoce el formato de «{Path(path).name}»: use un archivo .json, .yaml o .yml."
        )
    return _SUFFIXES[suffix]


def _label(path: str) -> str | None:
    spec = FIELDS.get(path.split("[")[0])
    if spec is not None:
        return spec.label
    info = Ficha.model_fields.get(path)
    return info.title if info is not None else None


def ficha_from_data(data: Any, *, source: str = "") -> Ficha:
    """Build a ficha from parsed JSON/YAML (a plain ficha or an exported document).

    Raises:
        FichaFormatError: The data is not a ficha (wrong shape, unknown fields, wrong types).
    """
    where = f"«{source}»" if source else "El documento"
    if isinstance(data, Mapping) and str(data.get("formato", "")).startswith(FICHA_SCHEMA_ID):
        data = data.get("ficha")
    if not isinstance(data, Mapping):
        raise FichaFormatError(
            f"{where} no contiene una ficha: se esperaba un grupo de campos "
            "(nombre, problema, cadena_valor…)."
        )
    try:
        return Ficha.model_validate(dict(data))
    except ValidationError as exc:
        lines = describe_validation_error(exc, label=_label)
        raise FichaFormatError(
            f"{where} no es una ficha válida:\n" + "\n".join(f"- {line}" for line in lines),
            detail=str(exc),
        ) from exc


def _syntax_error(exc: Exception, fmt: FichaFormat, where: str) -> FichaFormatError:
    if isinstance(exc, json.JSONDecodeError):
        at = f" (línea {exc.lineno}, columna {exc.colno}): {exc.msg}"
    else:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or ""
        at = f" (línea {mark.line + 1}, columna {mark.column + 1})" if mark else ""
        at += f": {problem}" if problem else ""
    name = "JSON" if fmt == "json" else "YAML"
    return FichaFormatError(f"{where} no es {name} válido{at}.", detail=str(exc))


def loads_ficha(text: str, fmt: FichaFormat, *, source: str = "") -> Ficha:
    """Parse a ficha from JSON or YAML text.

    Raises:
        FichaFormatError: Bad syntax or not a ficha.
    """
    where = f"«{source}»" if source else "El texto"
    try:
        data = json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise _syntax_error(exc, fmt, where) from exc
    if data is None:
        raise FichaFormatError(f"{where} está vacío.")
    return ficha_from_data(data, source=source)


def load_ficha(path: str | Path) -> Ficha:
    """Read a ficha from a ``.json``, ``.yaml`` or ``.yml`` file.

    Raises:
        FichaFormatError: Missing or unreadable file, bad syntax, or not a ficha.
    """
    file = Path(path)
    fmt = format_of(file)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise FichaFormatError(f"No se encontró el archivo «{file}».") from exc
    except IsADirectoryError as exc:
        raise FichaFormatError(f"«{file}» es una carpeta, no un archivo.") from exc
    except UnicodeDecodeError as exc:
        raise FichaFormatError(
            f"«{file}» no está en UTF-8; guárdelo con codificación UTF-8.", detail=str(exc)
        ) from exc
    except OSError as exc:
        raise FichaFormatError(f"No se pudo leer «{file}»: {exc.strerror}.") from exc
    return loads_ficha(text, fmt, source=str(file))


class _FichaDumper(yaml.SafeDumper):
    """YAML that keeps field order and writes multi-line texts as blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FichaDumper.add_representer(str, _represent_str)


def dumps_ficha(ficha: Ficha, fmt: FichaFormat) -> str:
    """The ficha as JSON (every field) or YAML (empty fields left out)."""
    if fmt == "json":
        return json.dumps(ficha.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    data = ficha.model_dump(mode="json", exclude_none=True)
    return yaml.dump(data, Dumper=_FichaDumper, allow_unicode=True, sort_keys=False, width=100)


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file, so readers never see half a file."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=file.parent, prefix=f".{file.name}.", delete=False
    ) as tmp:
        tmp.write(text)
    os.replace(tmp.name, file)
    return file


def save_ficha(ficha: Ficha, path: str | Path, *, fmt: FichaFormat | None = None) -> Path:
    """Write a ficha to a JSON or YAML file (format from the extension unless given).

    Raises:
        FichaFormatError: Unknown extension and no ``fmt``.
    """
    return write_text_atomic(path, dumps_ficha(ficha, fmt or format_of(path)))


def export_json(ficha: Ficha, report: ValidationReport | None = None) -> str:
    """A JSON document to file with DER: format id, the ficha and its validation.

    `load_ficha` reads it back (it takes the ``ficha`` part).
    """
    document: dict[str, Any] = {
        "formato": FICHA_SCHEMA_ID,
        "ficha": ficha.model_dump(mode="json"),
    }
    if report is not None:
        document["validacion"] = report.to_dict()
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def ficha_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the ficha, with Spanish titles and help texts."""
    schema = Ficha.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


__all__ = [
    "FichaFormat",
    "dumps_ficha",
    "export_json",
    "ficha_from_data",
    "ficha_json_schema",
    "format_of",
    "load_ficha",
    "loads_ficha",
    "save_ficha",
    "write_text_atomic",
]
