"""``asistente faq …`` and ``asistente feedback`` through the real entry point, over a
database and an index with a fast deterministic embedder."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from api.cli.context import CliContext
from assistant.faq.matcher import load_seed
from assistant.settings import Settings
from assistant.wiring import Services, build_services, knowledge_config
from knowledge import KnowledgeBase
from tests.conftest import make_settings

EDITOR = ["--usuario", "ana", "--rol", "editor"]
REVIEWER = ["--usuario", "rosa", "--rol", "revisor"]
cli_main = importlib.import_module("api.cli.main")
GUIDE = (
    "# Guía de viáticos\n\n## Liquidación\n\nLos viáticos se liquidan según la resolución "
    "interna.\n\n## Anticipos\n\nLos anticipos se piden con cinco días de antelación.\n"
)


@pytest.fixture
def services(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    """The services every ``main`` call of the test uses (one process)."""
    settings = make_settings(
        tmp_path / "datos",
        database_url=f"sqlite:///{tmp_path / 'cli.db'}",
        knowledge={"allowed_dirs": [tmp_path]},
    )
    built = build_services(settings)
    kb = KnowledgeBase(
        knowledge_config(settings),
        embeddings=DeterministicFakeEmbedding(size=32),
        use_shipped_vectors=False,
    )
    kb.warm_up()
    kb.ensure_index()
    built.override(knowledge=kb)

    def context(settings: Settings) -> CliContext:
        return CliContext(settings, _services=built)

    monkeypatch.setattr(cli_main, "CliContext", context)
    yield built
    built.database.dispose()


def run(services: Services, *argv: str) -> int:
    """Run ``asistente ARGV``."""
    return cli_main.main(list(argv), settings=services.settings)


def test_help_lists_the_faq_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli_main.main(["faq", "--ayuda"])
    out = capsys.readouterr().out
    for command in (
        "listar",
        "ver",
        "crear",
        "editar",
        "enviar-revision",
        "aprobar",
        "publicar",
        "archivar",
        "historial",
        "restaurar",
        "importar",
        "exportar",
        "pendientes",
        "informe",
    ):
        assert command in out
    with pytest.raises(SystemExit):
        cli_main.main(["--ayuda"])
    assert "feedback" in capsys.readouterr().out


def test_draft_review_publish_history_restore(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "¿Cuál es el horario de atención de la DER?"
    assert (
        run(
            services,
            "faq",
            "crear",
            "--pregunta",
            question,
            "--respuesta",
            "De 8 a 5.",
            "--seccion",
            "Introducción",
            "--etiqueta",
            "der",
            *EDITOR,
        )
        == 0
    )
    assert "Borrador creado: faq-088" in capsys.readouterr().out
    assert run(services, "faq", "enviar-revision", "faq-088", *EDITOR) == 0
    assert run(services, "faq", "aprobar", "faq-088", *EDITOR) == 2
    assert "no tiene permiso para «aprobar»" in capsys.readouterr().err
    assert run(services, "faq", "aprobar", "faq-088", *REVIEWER) == 0
    assert run(services, "faq", "publicar", "faq-088", *REVIEWER) == 0
    assert "Publicada: faq-088  [publicada r1 · en servicio r1]" in capsys.readouterr().out
    answer = services.answerer.answer(question)
    assert (answer.route, answer.faq_id) == ("faq", "faq-088")
    assert run(services, "faq", "editar", "faq-088", "--respuesta", "De 7 a 4.", *EDITOR) == 0
    assert run(services, "faq", "listar", "--estado", "borrador") == 0
    assert "faq-088  [borrador r2 · en servicio r1]" in capsys.readouterr().out
    assert run(services, "faq", "historial", "faq-088", "--diff", "1", "2") == 0
    diff = capsys.readouterr().out
    assert "-De 8 a 5." in diff and "+De 7 a 4." in diff
    assert run(services, "faq", "restaurar", "faq-088", "1", *EDITOR) == 0
    assert run(services, "faq", "ver", "faq-088", "--json") == 0
    shown = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert (shown["revision"], shown["respuesta"], shown["revision_publicada"]) == (
        3,
        "De 8 a 5.",
        1,
    )
    assert run(services, "faq", "historial", "faq-088") == 0
    history = capsys.readouterr().out
    assert (
        "r3" in history
        and "restaurada desde la revisión 1" in history
        and "publicar  rosa" in history
    )
    assert run(services, "faq", "archivar", "faq-088", "--motivo", "ya no aplica", *REVIEWER) == 0
    assert services.answerer.answer(question).route != "faq"


def test_a_conflict_blocks_publishing_until_a_reason_is_given(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = load_seed()[4]
    assert (
        run(
            services,
            "faq",
            "crear",
            "--pregunta",
            "¿Otra pregunta distinta?",
            "--alternativa",
            seed.question,
            "--respuesta",
            "r",
            *EDITOR,
        )
        == 0
    )
    run(services, "faq", "enviar-revision", "faq-088", *EDITOR)
    run(services, "faq", "aprobar", "faq-088", *REVIEWER)
    out = capsys.readouterr().out
    assert "Atención: publicarla crearía estos conflictos" in out and seed.entry_id in out
    assert run(services, "faq", "publicar", "faq-088", *REVIEWER) == 1
    assert f"({seed.entry_id}) lo respondería faq-088" in capsys.readouterr().err
    assert (
        run(
            services,
            "faq",
            "publicar",
            "faq-088",
            "--ignorar-conflictos",
            "pedido por la DER",
            *REVIEWER,
        )
        == 0
    )
    assert "conflicto(s) ignorado(s)" in capsys.readouterr().out


def test_import_errors_are_reported_by_row_and_nothing_is_imported(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "nuevas.csv"
    bad.write_text(
        "id,pregunta,respuesta,secciones\n"
        "nueva-1,¿Buena?,Sí.,Introducción\n"
        "nueva-2,,Sin pregunta,\n"
        "nueva-3,¿Sección?,r,Lineamiento 9\n",
        encoding="utf-8",
    )
    assert run(services, "faq", "importar", str(bad), *EDITOR) == 1
    err = capsys.readouterr().err
    assert "2 problema(s); no se importó nada" in err
    assert "fila 3, «pregunta»: la pregunta está vacía" in err
    assert "fila 4, «secciones»: la sección «Lineamiento 9» no existe en el índice" in err
    assert not services.faq_bank.store.exists("nueva-1")
    assert run(services, "faq", "importar", str(bad), "--parcial", *EDITOR) == 1
    assert "1 nueva(s)" in capsys.readouterr().out
    assert services.faq_bank.store.get("nueva-1").status.value == "borrador"


def test_export_and_reimport_change_nothing(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "banco.yaml"
    assert run(services, "faq", "exportar", str(target)) == 0
    assert "87 entrada(s) exportada(s)" in capsys.readouterr().out
    assert run(services, "faq", "importar", str(target), *EDITOR) == 0
    assert "0 nueva(s), 0 actualizada(s), 87 sin cambios" in capsys.readouterr().out
    csv_target = tmp_path / "banco.csv"
    assert run(services, "faq", "exportar", str(csv_target), "--publicadas") == 0
    assert csv_target.read_text(encoding="utf-8").startswith("id,estado,pregunta")


def test_feedback_the_queue_a_draft_from_a_group_and_the_report(
    services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    answerer = services.answerer
    answerer.warm_up()
    for _ in range(2):
        assert answerer.answer("¿Cuántos días de vacaciones tengo al año?").abstained
    assert run(services, "feedback", "1", "útil") == 0
    assert run(services, "feedback", "ultima", "no-útil", "--motivo", "no respondió") == 0
    assert "Respuesta 2 marcada como no útil" in capsys.readouterr().out
    assert run(services, "feedback", "99", "útil") == 2
    assert run(services, "feedback", "1", "regular") == 2
    capsys.readouterr()
    assert run(services, "faq", "pendientes") == 0
    out = capsys.readouterr().out
    assert "Preguntas sin resolver: 1 grupo(s)" in out
    assert "[grupo 1] 2 vez/veces" in out
    assert "Entradas por revisar (sus secciones cambiaron): 0" in out  # every seed link resolves
    assert run(services, "faq", "crear", "--desde-grupo", "1", *EDITOR) == 0
    assert "Borrador creado: faq-088" in capsys.readouterr().out
    assert services.faq_bank.store.get("faq-088").content.question == (
        "¿Cuántos días de vacaciones tengo al año?"
    )
    assert run(services, "faq", "informe", "--csv") == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("semana,preguntas,faq") and rows[-1].startswith(
        "total,2,0,0.000,2,1.000,1"
    )
    assert run(services, "faq", "informe") == 0
    assert "Más preguntadas" in capsys.readouterr().out


def test_loading_a_changed_document_flags_the_entries_that_link_to_it(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = tmp_path / "guia.md"
    guide.write_text(GUIDE, encoding="utf-8")
    assert run(services, "cargar", str(guide)) == 0
    assert (
        run(
            services,
            "faq",
            "crear",
            "--pregunta",
            "¿Cómo se liquidan los viáticos?",
            "--respuesta",
            "Según la resolución interna.",
            "--seccion",
            "Guía de viáticos > Liquidación",
            *EDITOR,
        )
        == 0
    )
    capsys.readouterr()
    guide.write_text(GUIDE.replace("resolución interna", "circular 12"), encoding="utf-8")
    assert run(services, "cargar", str(guide)) == 0
    out = capsys.readouterr().out
    assert "FAQ: 1 entrada(s) marcada(s) para revisión" in out
    assert "faq-088 (borrador): «Guía de viáticos > Liquidación» cambió" in out
    assert run(services, "faq", "pendientes", "--confirmar", "faq-088", *REVIEWER) == 0
    assert not services.faq_bank.store.get("faq-088").needs_review
