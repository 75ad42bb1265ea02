"""FAQ entries as CSV and YAML files: reading (with row numbers for every problem) and
writing. Writing what was read gives the same file back, byte for byte.

Columns/keys: ``id, estado, pregunta, alternativas, respuesta, secciones, etiquetas``. In CSV,
list cells hold one item per line; rows are numbered as in a spreadsheet (header = row 1). In
YAML (the seed file's shape, ``{version: 1, entradas: [...]}``), entries are numbered from 1
and the line is given.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from assistant.faq.revision import FaqContent
from assistant.faq.vocabulary import Status

Format = Literal["csv", "yaml"]
FIELDS = ("id", "estado", "pregunta", "alternativas", "respuesta", "secciones", "etiquetas")
LIST_FIELDS = ("alternativas", "secciones", "etiquetas")


@dataclass(frozen=True)
class RowProblem:
    """Why one row of an import file cannot be imported."""

    row: int
    field: str
    message: str
    location: str = ""
    """How to find the row (``fila 3`` in CSV, ``entrada 2 (línea 14)`` in YAML)."""

    def __str__(self) -> str:
        where = self.location or f"fila {self.row}"
        return (
            f"{where}, «{self.field}»: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class ExchangeRow:
    """One entry of an import or export file."""

    row: int
    entry_id: str
    status: Status | None
    content: FaqContent
    location: str = ""


@dataclass
class ImportReport:
    """What an import did (or, with problems and no ``--parcial``, would not do)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def detect_format(path: Path, explicit: str | None = None) -> Format:
    """``csv`` or ``yaml``, from ``explicit`` or the file suffix."""
    name = (explicit or path.suffix.lstrip(".")).lower()
    if name in ("yml", "yaml"):
        return "yaml"
    if name == "csv":
        return "csv"
    raise ValueError(f"Formato desconocido «{name}»: usa .csv, .yaml o .yml.")


# -- reading ---------------------------------------------------------------------------
def _row_from_mapping(
    data: dict[str, Any], number: int, location: str
) -> tuple[ExchangeRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def text(key: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, (list, dict)):
            problems.append(RowProblem(number, key, "debe ser un texto", location))
            return ""
        return str(value)

    def items(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None or value == "":
            return ()
        if isinstance(value, str):
            return tuple(value.split("\n"))
        if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
            return tuple(str(v) for v in value)
        problems.append(RowProblem(number, key, "debe ser una lista de textos", location))
        return ()

    status_text = text("estado").strip()
    status = None
    if status_text:
        try:
            status = Status(status_text.replace(" ", "_"))
        except ValueError:
            valid = ", ".join(s.value for s in Status)
            problems.append(
                RowProblem(number, "estado", f"«{status_text}» no es válido ({valid})", location)
            )
    content = FaqContent(
        question=text("pregunta"),
        answer=text("respuesta"),
        alternatives=items("alternativas"),
        sections=items("secciones"),
        tags=items("etiquetas"),
    ).normalized()
    row = ExchangeRow(number, text("id").strip(), status, content, location)
    return (None if problems else row), problems


def read_csv(text: str) -> tuple[list[ExchangeRow], list[RowProblem]]:
    """Rows of a CSV export and the problems of the rows that cannot be read."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = next(reader, None)
    if header is None:
        return [], [RowProblem(1, "", "el archivo está vacío", "fila 1")]
    missing = [f for f in ("pregunta", "respuesta") if f not in header]
    unknown = [h for h in header if h not in FIELDS]
    if missing or unknown:
        detail = "; ".join(
            part
            for part in (
                f"faltan las columnas {', '.join(missing)}" if missing else "",
                f"columnas desconocidas: {', '.join(unknown)}" if unknown else "",
            )
            if part
        )
        return [], [RowProblem(1, "", f"encabezado inválido: {detail}", "fila 1")]
    rows: list[ExchangeRow] = []
    problems: list[RowProblem] = []
    for index, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        location = f"fila {index}"
        if len(values) != len(header):
            problems.append(
                RowProblem(
                    index,
                    "",
                    f"tiene {len(values)} columnas y el encabezado {len(header)}",
                    location,
                )
            )
            continue
        row, found = _row_from_mapping(dict(zip(header, values, strict=True)), index, location)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems


def _entry_lines(text: str) -> list[int]:
    """The line of each item of ``entradas`` (1-based), for problem messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "entradas" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def read_yaml(text: str) -> tuple[list[ExchangeRow], list[RowProblem]]:
    """Rows of a YAML export (or of the seed file) and the problems found."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return [], [RowProblem(0, "", f"YAML inválido: {exc}", f"línea {line}")]
    if not isinstance(data, dict) or not isinstance(data.get("entradas"), list):
        return [], [RowProblem(0, "", "falta la lista «entradas»", "archivo")]
    lines = _entry_lines(text)
    rows: list[ExchangeRow] = []
    problems: list[RowProblem] = []
    for index, item in enumerate(data["entradas"], start=1):
        line = lines[index - 1] if index - 1 < len(lines) else 0
        location = f"entrada {index} (línea {line})"
        if not isinstance(item, dict):
            problems.append(RowProblem(index, "", "no es un objeto con campos", location))
            continue
        unknown = sorted(str(k) for k in item if k not in FIELDS)
        if unknown:
            problems.append(
                RowProblem(index, "", f"campos desconocidos: {', '.join(unknown)}", location)
            )
            continue
        row, found = _row_from_mapping(item, index, location)
        problems += found
        if row is not None:
            rows.append(row)
    return rows, problems


def read_file(path: Path, fmt: Format | None = None) -> tuple[list[ExchangeRow], list[RowProblem]]:
    """Read an import file (format from the suffix unless given)."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return read_csv(text) if (fmt or detect_format(path)) == "csv" else read_yaml(text)


# -- writing ---------------------------------------------------------------------------
def _record(row: ExchangeRow) -> dict[str, Any]:
    c = row.content
    return {
        "id": row.entry_id,
        "estado": row.status.value if row.status else "",
        "pregunta": c.question,
        "alternativas": list(c.alternatives),
        "respuesta": c.answer,
        "secciones": list(c.sections),
        "etiquetas": list(c.tags),
    }


def write_csv(rows: list[ExchangeRow]) -> str:
    """The CSV text of ``rows`` (lists one item per line inside the cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in rows:
        record = _record(row)
        writer.writerow(["\n".join(record[f]) if f in LIST_FIELDS else record[f] for f in FIELDS])
    return buffer.getvalue()


class _Dumper(yaml.SafeDumper):
    """Multi-line answers as literal blocks (PyYAML falls back to quotes when it must)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def write_yaml(rows: list[ExchangeRow]) -> str:
    """The YAML text of ``rows`` (the seed file's shape, plus ``estado``)."""
    data = {"version": 1, "entradas": [_record(r) for r in rows]}
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_file(path: Path, rows: list[ExchangeRow], fmt: Format | None = None) -> None:
    """Write an export file (format from the suffix unless given)."""
    text = write_csv(rows) if (fmt or detect_format(path)) == "csv" else write_yaml(rows)
    Path(path).write_text(text, encoding="utf-8", newline="")


__all__ = [
    "FIELDS",
    "ExchangeRow",
    "ImportReport",
    "RowProblem",
    "detect_format",
    "read_csv",
    "read_file",
    "read_yaml",
    "write_csv",
    "write_file",
    "write_yaml",
]
