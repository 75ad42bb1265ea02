"""Import and export of the FAQ bank as CSV and YAML: exact round trips, row-numbered
problems, all-or-nothing imports and ``--parcial``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from assistant.faq.bank import FaqBank
from assistant.faq.errors import FaqImportError, FaqPermissionDeniedError
from assistant.faq.exchange import (
    ExchangeRow,
    read_csv,
    read_file,
    read_yaml,
    write_csv,
    write_file,
    write_yaml,
)
from assistant.faq.importer import FaqImporter
from assistant.faq.matcher import SEED_FILE, load_seed
from assistant.faq.revision import FaqContent
from assistant.faq.store import FaqStore
from assistant.faq.workflow import Actor, Status
from assistant.storage.database import Database

ADMIN = Actor.of("admin1", "admin")
EDITOR = Actor.of("ana", "editor")

TRICKY = [
    ExchangeRow(
        1,
        "faq-001",
        Status.PUBLICADA,
        FaqContent(
            question='¿Qué dice la política sobre "comas, comillas" y; punto y coma?',
            answer=(
                "Primera línea con espacios finales   \n\n"
                "  - viñeta con sangría\n"
                "| tabla | markdown |\n|---|---|\n"
                "Línea con dos puntos: y # almohadilla\n"
                "Emoji 🙂 y tildes: árbol, ñandú"
            ),
            alternatives=("sí", "2022", "null", "- empieza con guion", "a: b"),
            sections=("Lineamiento 2 > 2.2 Lógica de trabajo",),
            tags=("true", "1421", "etiqueta con espacios"),
        ),
    ),
    ExchangeRow(
        2,
        "faq-002",
        Status.BORRADOR,
        FaqContent(question="¿Sin respuesta todavía?", answer=""),
    ),
    ExchangeRow(
        3,
        "faq-003",
        Status.ARCHIVADA,
        FaqContent(question="¿Respuesta de una línea?", answer="Sí.", tags=("x",)),
    ),
]


def _importer(database: Database) -> FaqImporter:
    return FaqImporter(FaqBank(FaqStore(database)))


@pytest.mark.parametrize(("write", "read"), [(write_csv, read_csv), (write_yaml, read_yaml)])
def test_files_round_trip_exactly(write, read) -> None:  # type: ignore[no-untyped-def]
    text = write(TRICKY)
    rows, problems = read(text)
    assert problems == []
    assert [(r.entry_id, r.status, r.content) for r in rows] == [
        (r.entry_id, r.status, r.content) for r in TRICKY
    ]
    assert write(rows) == text


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_the_whole_seed_round_trips_through_files(tmp_path: Path, suffix: str) -> None:
    rows = [
        ExchangeRow(i, e.entry_id, Status.PUBLICADA, FaqContent.from_entry(e).normalized())
        for i, e in enumerate(load_seed(), start=1)
    ]
    path = tmp_path / f"faq{suffix}"
    write_file(path, rows)
    again, problems = read_file(path)
    assert problems == [] and len(again) == 87
    assert [r.content for r in again] == [r.content for r in rows]
    second = tmp_path / f"otra{suffix}"
    write_file(second, again)
    assert second.read_bytes() == path.read_bytes()


def test_the_seed_file_itself_can_be_imported() -> None:
    text = resources.files("assistant").joinpath("data", SEED_FILE).read_text(encoding="utf-8")
    rows, problems = read_yaml(text)
    assert problems == [] and len(rows) == 87 and rows[0].status is None


@pytest.mark.parametrize("fmt", ["csv", "yaml"])
def test_export_import_export_through_two_databases_is_exact(
    database: Database, tmp_path: Path, fmt: str
) -> None:
    source = _importer(database)
    source.run(TRICKY, ADMIN, keep_status=True)
    exported = tmp_path / f"banco.{fmt}"
    write_file(exported, source.export())
    other = Database(f"sqlite:///{tmp_path / 'otra.db'}")
    other.create_schema()
    target = _importer(other)
    rows, problems = read_file(exported)
    report = target.run(rows, ADMIN, read_problems=problems, keep_status=True)
    assert report.created == ["faq-001", "faq-002", "faq-003"]
    again = tmp_path / f"de-nuevo.{fmt}"
    write_file(again, target.export())
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")
    assert [e.entry_id for e in target.bank.entries()] == ["faq-001"]
    # Importing the same file again changes nothing.
    assert target.run(rows, ADMIN, keep_status=True).unchanged == ["faq-001", "faq-002", "faq-003"]
    other.dispose()


BAD_CSV = (
    "id,estado,pregunta,alternativas,respuesta,secciones,etiquetas\n"
    "faq-010,,¿Buena?,,Sí.,,\n"
    "faq-011,borrador,,,Sin pregunta,,\n"
    "faq-012,pendiente,¿Estado raro?,,r,,\n"
    'faq-013,,"¿Buena también?","otra\nformulación",Sí.,,\n'
    "faq-010,,¿Repetida?,,r,,\n"
    "Mal Id,,¿Id?,,r,,\n"
)


def test_an_invalid_csv_is_reported_by_row_and_nothing_is_imported(database: Database) -> None:
    importer = _importer(database)
    rows, problems = read_csv(BAD_CSV)
    with pytest.raises(FaqImportError) as caught:
        importer.run(rows, EDITOR, read_problems=problems)
    messages = [str(p) for p in caught.value.problems]
    assert messages == [
        "fila 3, «pregunta»: la pregunta está vacía",
        "fila 4, «estado»: «pendiente» no es válido (borrador, en_revision, publicada, archivada)",
        # Spreadsheet rows: the multi-line cell of row 5 does not shift the numbering.
        "fila 6, «id»: «faq-010» ya aparece en la fila 2",
        "fila 7, «id»: «Mal Id» no es un id válido",
    ]
    assert importer.bank.store.records() == []


def test_partial_import_takes_the_valid_rows_and_reports_the_rest(database: Database) -> None:
    importer = _importer(database)
    rows, problems = read_csv(BAD_CSV)
    report = importer.run(rows, EDITOR, read_problems=problems, partial=True)
    assert report.created == ["faq-010", "faq-013"]
    assert [p.row for p in report.problems] == [3, 4, 6, 7]
    records = importer.bank.store.records()
    assert [(r.entry_id, r.status) for r in records] == [
        ("faq-010", Status.BORRADOR),
        ("faq-013", Status.BORRADOR),
    ]
    assert records[1].content.alternatives == ("otra", "formulación")


def test_yaml_problems_give_entry_and_line() -> None:
    text = (
        "version: 1\nentradas:\n"
        "  - id: faq-001\n    pregunta: ¿Bien?\n    respuesta: Sí.\n"
        "  - id: faq-002\n    pregunta: ¿Mal?\n    respuesta: r\n    alternativas: {a: 1}\n"
        "  - id: faq-003\n    pregunta: ¿Campo?\n    respuesta: r\n    color: azul\n"
    )
    rows, problems = read_yaml(text)
    assert [r.entry_id for r in rows] == ["faq-001"]
    assert [str(p) for p in problems] == [
        "entrada 2 (línea 6), «alternativas»: debe ser una lista de textos",
        "entrada 3 (línea 10): campos desconocidos: color",
    ]
    _, broken = read_yaml("entradas: [\n  - id: x\n")
    assert broken[0].location.startswith("línea ")


def test_a_csv_with_a_wrong_header_is_refused() -> None:
    rows, problems = read_csv("id,question,answer\n1,a,b\n")
    assert rows == []
    assert str(problems[0]).startswith("fila 1: encabezado inválido: faltan las columnas pregunta")


def test_import_without_keeping_status_makes_drafts_and_new_revisions(database: Database) -> None:
    importer = _importer(database)
    importer.run(TRICKY, ADMIN, keep_status=True)
    changed = [
        ExchangeRow(1, "faq-001", Status.PUBLICADA, FaqContent("¿Cambiada?", "Nueva.")),
        ExchangeRow(2, "", None, FaqContent("¿Sin id?", "Nueva.")),
    ]
    report = importer.run(changed, EDITOR)
    assert (report.created, report.updated) == (["faq-004"], ["faq-001"])
    record = importer.bank.store.get("faq-001")
    assert (record.status, record.head_revision, record.published_revision) == (
        Status.BORRADOR,
        2,
        1,
    )
    # The published revision is still the one served: an import never bypasses review.
    assert importer.bank.entries()[0].question == TRICKY[0].content.question


def test_keeping_the_file_status_requires_admin(database: Database) -> None:
    with pytest.raises(FaqPermissionDeniedError, match="admin"):
        _importer(database).run(TRICKY, Actor.of("carla", "comunicaciones"), keep_status=True)
    with pytest.raises(FaqPermissionDeniedError):
        _importer(database).run(TRICKY, Actor.of("rosa", "revisor"))


def test_yaml_export_is_readable(database: Database) -> None:
    importer = _importer(database)
    importer.run(TRICKY, ADMIN, keep_status=True)
    data = yaml.safe_load(write_yaml(importer.export(published_only=True)))
    assert [e["id"] for e in data["entradas"]] == ["faq-001"]
    assert data["entradas"][0]["estado"] == "publicada"
