"""The README documents every setting."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _variables(model: type[BaseModel], prefix: str) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += _variables(annotation, f"{prefix}{name.upper()}__")
        else:
            names.append(f"{prefix}{name.upper()}")
    return names


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [v for v in _variables(Settings, "ASISTENTE_") if f"`{v}`" not in README]
    assert missing == []


def test_readme_stays_short() -> None:
    assert len(README.splitlines()) <= 200
