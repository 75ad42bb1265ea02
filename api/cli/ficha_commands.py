"""``asistente ficha``: validate, export and describe fichas de pre-diseño.

Exit codes: 0 ok (warnings allowed), 1 the ficha has errors, 2 the file cannot be read
(the `FichaFormatError` reaches ``main``, which prints it and returns 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from api.cli.context import CliContext
from api.cli.parsing import add_command, add_group
from intake import (
    export_docx,
    export_json,
    export_markdown,
    ficha_json_schema,
    load_ficha,
)
from intake.serialization import write_text_atomic

_SUFFIXES = {"docx": ".docx", "md": ".md", "json": ".json"}


def validate_ficha(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha validar``: print the report; 1 when the ficha has errors."""
    engine = ctx.services.rules_engine
    ficha = load_ficha(args.archivo)
    report = engine.validate(ficha)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"Ficha: {ficha.nombre or '(sin nombre)'} — {args.archivo}")
        print(report.to_text())
    return 0 if report.ok else 1


def _default_output(source: Path, fmt: str) -> Path:
    target = source.with_suffix(_SUFFIXES[fmt])
    if target.resolve() == source.resolve():
        # Never overwrite the ficha being exported (a .json ficha exported as JSON).
        target = source.with_name(f"{source.stem}.exportada{_SUFFIXES[fmt]}")
    return target


def export_ficha(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha exportar``: write the DOCX, Markdown or JSON document."""
    engine = ctx.services.rules_engine
    source = Path(args.archivo)
    ficha = load_ficha(source)
    report = engine.validate(ficha)
    if args.formato == "docx":
        content: str | bytes = export_docx(ficha, report, config=engine.config)
    elif args.formato == "md":
        content = export_markdown(ficha, report, config=engine.config)
    else:
        content = export_json(ficha, report)
    if args.salida == "-":
        if isinstance(content, bytes):
            print("Error: un DOCX no se puede escribir en la salida estándar.", file=sys.stderr)
            return 2
        sys.stdout.write(content)
        return 0
    target = Path(args.salida) if args.salida else _default_output(source, args.formato)
    try:
        if isinstance(content, bytes):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        else:
            write_text_atomic(target, content)
    except OSError as exc:
        print(f"Error: no se pudo escribir «{target}»: {exc.strerror}.", file=sys.stderr)
        return 2
    print(f"Documento guardado en {target}")
    print(report.summary)
    return 0


def print_schema(args: argparse.Namespace, ctx: CliContext) -> int:
    """``ficha esquema``: print the JSON Schema of the ficha."""
    print(json.dumps(ficha_json_schema(), ensure_ascii=False, indent=2))
    return 0


def register(sub: Any) -> None:
    """Register ``ficha validar``, ``ficha exportar`` and ``ficha esquema``."""
    group = add_group(
        sub, "ficha", help="valida y exporta fichas de pre-diseño de productos de ATT"
    )

    validate = add_command(
        group,
        "validar",
        help="valida una ficha (JSON o YAML) con las reglas de la DER",
        handler=validate_ficha,
        description=(
            "Valida una ficha de pre-diseño con las reglas de la DER y muestra los hallazgos.\n"
            "Código de salida: 0 sin errores (puede haber advertencias), 1 con errores,\n"
            "2 si el archivo no se puede leer."
        ),
    )
    validate.add_argument("archivo", metavar="ARCHIVO", help="ficha en formato .json, .yaml o .yml")
    validate.add_argument(
        "--json", action="store_true", help="muestra el reporte en JSON en lugar de texto"
    )

    export = add_command(
        group,
        "exportar",
        help="exporta una ficha a DOCX, Markdown o JSON (con su resumen de validación)",
        handler=export_ficha,
    )
    export.add_argument("archivo", metavar="ARCHIVO", help="ficha en formato .json, .yaml o .yml")
    export.add_argument(
        "--formato", required=True, choices=sorted(_SUFFIXES), help="formato del documento"
    )
    export.add_argument(
        "--salida",
        metavar="RUTA",
        help="archivo de salida (por defecto, junto a la ficha; «-» para la salida estándar)",
    )

    add_command(
        group,
        "esquema",
        help="muestra el esquema JSON de la ficha (campos, etiquetas y ayudas)",
        handler=print_schema,
    )
