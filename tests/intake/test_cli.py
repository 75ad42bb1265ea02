"""``asistente ficha validar | exportar | esquema`` through the real CLI entry point."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
import yaml
from docx import Document

from api.cli.main import main
from assistant.settings import Settings
from intake import default_rules_path, example_paths, save_ficha
from tests.intake.factories import valid_ficha, with_fields

EXAMPLE = next(p for p in example_paths() if p.stem == "sgr_estructuracion_proyectos")


def _run(argv: list[str], tmp_path: Path, **settings: object) -> int:
    return main(argv, settings=Settings(data_dir=tmp_path, **settings))  # type: ignore[arg-type]


def _broken_ficha(tmp_path: Path) -> Path:
    ficha = with_fields(
        valid_ficha(),
        problema__enunciado="No existe una guía para formular proyectos municipales",
        cadena_valor__actividades=["Talleres de formulación"],
    )
    return save_ficha(ficha, tmp_path / "rota.json")


def test_validate_a_valid_ficha(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["ficha", "validar", str(EXAMPLE)], tmp_path) == 0
    out = capsys.readouterr().out
    assert "Ficha: Acompañamiento a la estructuración de proyectos de inversión del SGR" in out
    assert "Lista para enviar a la DER (0 errores, 0 advertencias)." in out
    # The embedder is wired: the near-duplicate check runs instead of being skipped.
    assert "NAME-DUPLICATE" not in out


def test_validate_a_ficha_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken_ficha(tmp_path)
    assert _run(["ficha", "validar", str(path)], tmp_path) == 1
    out = capsys.readouterr().out
    assert "Bloqueada" in out
    assert "[ERROR] Problema o necesidad › Enunciado del problema" in out
    assert "PROB-NEGATIVE" not in out  # the sentence, never the rule's id
    assert "[ADVERTENCIA] Cadena de valor › Actividades (procesos)" in out
    assert "(elemento 1)" in out


def test_validate_with_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken_ficha(tmp_path)
    assert _run(["ficha", "validar", str(path), "--json"], tmp_path) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False
    assert [h["regla"] for h in data["hallazgos"]] == ["PROB-NEGATIVE", "CHAIN-ACTIVITY-VERB"]
    assert data["hallazgos"][0]["referencia"].startswith("Lineamiento 2 > 2.2.3 > Etapa 1 > Paso 2")


def test_warnings_only_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ficha = with_fields(valid_ficha(), cadena_valor__actividades=["Talleres de formulación"])
    path = save_ficha(ficha, tmp_path / "ficha.yaml")
    assert _run(["ficha", "validar", str(path)], tmp_path) == 0
    assert "1 advertencia" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "No se encontró el archivo"),
        ("nombre: [", "no es YAML válido"),
        ("nombre: Kit\nproblemma: x\n", "«problemma»: no es un campo reconocido"),
    ],
)
def test_unreadable_file_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, expected: str
) -> None:
    path = tmp_path / "ficha.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert _run(["ficha", "validar", str(path)], tmp_path) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("Error: ")
    assert expected in captured.err
    assert captured.out == ""


def test_rules_path_from_settings_is_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    rule = next(r for r in data["reglas"] if r["id"] == "NAME-LENGTH")
    rule["parametros"]["maximo"] = 4
    rules = tmp_path / "reglas_der.yaml"
    rules.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _run(["ficha", "validar", str(EXAMPLE)], tmp_path, rules_path=rules) == 0
    assert "[ADVERTENCIA] Nombre del producto o servicio de ATT" in capsys.readouterr().out


def test_malformed_rules_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    broken["reglas"][0]["severidad"] = "grave"
    rules = tmp_path / "reglas.yaml"
    rules.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert _run(["ficha", "validar", str(EXAMPLE)], tmp_path, rules_path=rules) == 2
    assert "Regla «REQ-NOMBRE»" in capsys.readouterr().err


def test_export_docx_next_to_the_ficha(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = save_ficha(valid_ficha(), tmp_path / "ficha.yaml")
    assert _run(["ficha", "exportar", str(source), "--formato", "docx"], tmp_path) == 0
    target = tmp_path / "ficha.docx"
    assert f"Documento guardado en {target}" in capsys.readouterr().out
    document = Document(io.BytesIO(target.read_bytes()))
    assert document.paragraphs[1].text == valid_ficha().nombre


def test_export_markdown_to_a_chosen_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "salida" / "ficha.md"
    argv = ["ficha", "exportar", str(EXAMPLE), "--formato", "md", "--salida", str(target)]
    assert _run(argv, tmp_path) == 0
    assert target.read_text(encoding="utf-8").count("## Paso ") == 6


def test_export_json_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["ficha", "exportar", str(EXAMPLE), "--formato", "json", "--salida", "-"]
    assert _run(argv, tmp_path) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ficha"]["id"] == "ejemplo-sgsgr-estructuracion"
    assert data["validacion"]["ok"] is True


def test_export_json_never_overwrites_a_json_ficha(tmp_path: Path) -> None:
    source = save_ficha(valid_ficha(), tmp_path / "ficha.json")
    before = source.read_text(encoding="utf-8")
    assert _run(["ficha", "exportar", str(source), "--formato", "json"], tmp_path) == 0
    assert source.read_text(encoding="utf-8") == before
    assert json.loads((tmp_path / "ficha.exportada.json").read_text(encoding="utf-8"))["ficha"]


def test_export_docx_to_stdout_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["ficha", "exportar", str(EXAMPLE), "--formato", "docx", "--salida", "-"]
    assert _run(argv, tmp_path) == 2
    assert "salida estándar" in capsys.readouterr().err


def test_export_of_a_ficha_with_errors_still_writes_it(tmp_path: Path) -> None:
    source = _broken_ficha(tmp_path)
    assert _run(["ficha", "exportar", str(source), "--formato", "md"], tmp_path) == 0
    text = (tmp_path / "rota.md").read_text(encoding="utf-8")
    assert "redactado como la ausencia de una solución" in text and "PROB-NEGATIVE" not in text


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["ficha", "esquema"], tmp_path) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "Ficha de pre-diseño de productos o servicios de ATT"
    assert "cadena_valor" in schema["properties"]


def test_help_is_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ficha", "--ayuda"])
    out = capsys.readouterr().out
    assert out.startswith("uso: ")
    assert "validar" in out and "exportar" in out and "esquema" in out
