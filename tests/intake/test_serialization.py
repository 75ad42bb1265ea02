"""Fichas to and from JSON/YAML files; unreadable files give a Spanish FichaFormatError."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from intake import Ficha, FichaFormatError, dumps_ficha, load_ficha, loads_ficha, save_ficha
from tests.intake.factories import valid_ficha


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    ficha = valid_ficha()
    path = save_ficha(ficha, tmp_path / f"ficha{suffix}")
    assert load_ficha(path) == ficha


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_round_trip_of_a_draft(tmp_path: Path, suffix: str) -> None:
    draft = Ficha(nombre="Borrador", cadena_valor={"insumos": ["Equipo"]})
    assert load_ficha(save_ficha(draft, tmp_path / f"borrador{suffix}")) == draft


def test_yaml_is_readable_for_people(tmp_path: Path) -> None:
    ficha = valid_ficha().model_copy(update={"dependencias_corresponsables": []})
    ficha.contexto.antecedentes = "Primera línea.\nSegunda línea."
    text = dumps_ficha(ficha, "yaml")
    assert text.startswith("id: ejemplo-sgsgr-estructuracion\n")
    assert "nombre: Acompañamiento a la estructuración" in text  # accents kept
    assert "antecedentes: |-\n    Primera línea.\n    Segunda línea." in text
    assert "tecnica_analisis" in text and ": null" not in text
    assert yaml.safe_load(text)["vigencia"] == 2026


def test_dates_keep_their_time_zone(tmp_path: Path) -> None:
    ficha = load_ficha(save_ficha(valid_ficha(), tmp_path / "f.json"))
    assert ficha.fecha_creacion == datetime.fromisoformat("2026-02-10T09:30:00-05:00")


def test_save_does_not_leave_temporary_files(tmp_path: Path) -> None:
    save_ficha(valid_ficha(), tmp_path / "sub" / "f.yaml")
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["f.yaml"]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("f.json", '{"nombre": "x",,}', r"no es JSON válido \(línea 1, columna \d+\)"),
        ("f.yaml", "nombre: [sin cerrar\n", r"no es YAML válido \(línea \d+, columna \d+\)"),
        ("f.yaml", "- uno\n- dos\n", "no contiene una ficha"),
        ("f.yaml", "", "está vacío"),
        ("f.yaml", "nombre: Kit\nnombres: Otro\n", "«nombres»: no es un campo reconocido"),
        ("f.yaml", "vigencia: dos mil\n", r"«vigencia» \(Vigencia\): debe ser un número entero"),
        (
            "f.yaml",
            "cadena_valor:\n  insumos:\n    - uno\n    - {a: 1}\n",
            r"«cadena_valor.insumos\[2\]» \(Insumos\): debe ser un texto",
        ),
        ("f.yaml", "problema: texto suelto\n", r"«problema» \(Problema o necesidad\)"),
        ("f.yaml", "version: 0\n", "debe ser mayor o igual que 1"),
        ("f.txt", "nombre: Kit\n", r"use un archivo \.json, \.yaml o \.yml"),
    ],
)
def test_bad_files_raise_a_spanish_format_error(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(FichaFormatError, match=expected):
        load_ficha(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FichaFormatError, match="No se encontró el archivo"):
        load_ficha(tmp_path / "no_existe.yaml")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "carpeta.yaml"
    folder.mkdir()
    with pytest.raises(FichaFormatError, match="es una carpeta"):
        load_ficha(folder)


def test_file_not_in_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("nombre: Acompañamiento técnico\n".encode("latin-1"))
    with pytest.raises(FichaFormatError, match="UTF-8"):
        load_ficha(path)


def test_format_error_is_a_user_error_with_code(tmp_path: Path) -> None:
    with pytest.raises(FichaFormatError) as caught:
        loads_ficha("nombre: [", "yaml", source="ficha.yaml")
    assert caught.value.code == "ficha_invalida"
    assert caught.value.message.startswith("«ficha.yaml» no es YAML válido")
    assert caught.value.detail
