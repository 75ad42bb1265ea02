"""``asistente bench``: measures and prints performance numbers (not a test)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from api.cli.context import CliContext
from api.cli.parsing import add_command
from api.cli.progress_display import command_progress

DEFAULT_DEV = Path("../shared/eval/qa_dev.jsonl")


def register(sub: Any) -> None:
    """Register the bench command."""
    bench = add_command(
        sub, "bench", help="mide rendimiento y lo imprime como tabla", handler=bench_cmd
    )
    bench.add_argument(
        "--dev", type=Path, default=DEFAULT_DEV, metavar="ARCHIVO", help="JSONL de preguntas"
    )
    bench.add_argument(
        "--sin-construccion", action="store_true", help="omite la construcción en frío"
    )
    bench.add_argument("--sin-http", action="store_true", help="omite la carga por HTTP")
    bench.add_argument(
        "--sin-carga", action="store_true", help="omite la carga de una guía de ~100 KB"
    )
    bench.add_argument("--json", action="store_true", help="salida en JSON (sin progreso)")
    bench.add_argument(
        "--segundos", type=float, default=60.0, help="duración de la carga HTTP (60 s)"
    )
    bench.add_argument("--clientes", type=int, default=50, help="clientes concurrentes (50)")
    bench.add_argument("--workers", type=int, default=2, help="workers de uvicorn (2)")
    bench.add_argument(
        "--ritmo",
        type=float,
        default=100.0,
        help="preguntas por segundo que ofrecen los clientes en la carga a ritmo fijo (100)",
    )
    bench.add_argument(
        "--base-de-datos",
        metavar="URL",
        help="base del servidor medido (por defecto un SQLite temporal)",
    )


def bench_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    """Run every measurement and print the table."""
    from api.cli.benchmark import run_benchmark  # the whole product, the HTTP load generator

    with command_progress(quiet=args.json) as progress:
        rows = run_benchmark(args, ctx, progress)
    if args.json:
        keys = ("medida", "valor", "meta")
        print(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], ensure_ascii=False))
        return 0
    width = max(len(r[0]) for r in rows) + 2
    print(f"{'Medida':<{width}}{'Valor':<22}Meta")
    for name, value, target in rows:
        print(f"{name:<{width}}{value:<22}{target}")
    return 0
