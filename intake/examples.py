"""Example fichas shipped with the project (``intake/data/ejemplos/*.yaml``).

They are complete, valid fichas from different subdirecciones and thematic areas, used in
tests, demos and as a model for units filling in their first ficha. Their people and figures
are illustrative, not official DNP data.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from intake.ficha import Ficha
from intake.serialization import load_ficha


def example_paths() -> list[Path]:
    """Paths of the example fichas, sorted by file name."""
    folder = resources.files("intake") / "data" / "ejemplos"
    return sorted(
        Path(str(folder / entry.name)) for entry in folder.iterdir() if entry.name.endswith(".yaml")
    )


def load_examples() -> dict[str, Ficha]:
    """The example fichas by file stem (``"sgr_estructuracion_proyectos"`` …)."""
    return {path.stem: load_ficha(path) for path in example_paths()}


__all__ = ["example_paths", "load_examples"]
