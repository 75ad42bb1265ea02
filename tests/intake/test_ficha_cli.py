"""``asistente ficha listar|ver|historial|exportar ID``, ``asistente der …`` and ``asistente
chat`` over stored fichas, through the real CLI entry point."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.cli.answer_commands import chat_cmd
from api.cli.context import CliContext
from api.cli.main import main
from assistant.settings import Settings
from assistant.wiring import Services, build_services
from intake.status import FichaStatus
from tests.fakes.answerer import ScriptedAnswerer
from tests.intake.factories import valid_ficha
from tests.intake.test_conversation import HAPPY_ANSWERS
from tests.intake.test_intake_sessions import DER, UNIT

UNIT_ARGS = ["--usuario", "ana", "--unidad", UNIT.unit or ""]


@contextmanager
def _no_exit() -> Iterator[None]:
    yield


@dataclass
class Env:
    settings: Settings
    services: Services
    ficha_id: str

    def run(self, argv: list[str]) -> int:
        return main(argv, settings=self.settings)


@pytest.fixture
def env(tmp_path: Path, database_url: str) -> Iterator[Env]:
    settings = Settings(data_dir=tmp_path, database_url=database_url, environment="test")
    services = build_services(settings)
    workflow = services.ficha_workflow
    stored = workflow.create(UNIT)
    workflow.save_draft(UNIT, stored.id, valid_ficha(), expected_lock=stored.lock_version)
    workflow.submit(UNIT, stored.id)
    yield Env(settings, services, stored.id)
    services.database.dispose()


def test_list_show_and_history(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    assert env.run(["ficha", "listar", *UNIT_ARGS]) == 0
    out = capsys.readouterr().out
    assert env.ficha_id in out and "enviada" in out and valid_ficha().nombre in out

    assert env.run(["ficha", "listar", "--usuario", "zoe", "--unidad", "Otra"]) == 0
    assert "No hay fichas" in capsys.readouterr().out

    assert env.run(["ficha", "ver", env.ficha_id, *UNIT_ARGS]) == 0
    out = capsys.readouterr().out
    assert f"Ficha {env.ficha_id} · Enviada a la DER" in out
    assert "• Nombre del producto o servicio de ATT: Acompañamiento" in out

    assert env.run(["ficha", "historial", env.ficha_id.lower(), *UNIT_ARGS]) == 0
    out = capsys.readouterr().out
    assert "— → borrador" in out and "borrador → enviada v1" in out and "v1  " in out


def test_another_unit_cannot_read(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    code = env.run(["ficha", "ver", env.ficha_id, "--usuario", "zoe", "--unidad", "Otra"])
    assert code == 2
    assert "Error: Esta ficha es de otra dependencia" in capsys.readouterr().err
    assert env.run(["ficha", "ver", "F-00000000", *UNIT_ARGS]) == 2
    assert "No existe la ficha «F-00000000»" in capsys.readouterr().err


def test_export_a_stored_version(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "salida.md"
    code = env.run(
        [
            "ficha",
            "exportar",
            env.ficha_id,
            "--formato",
            "md",
            "--version",
            "1",
            "--salida",
            str(target),
            *UNIT_ARGS,
        ]
    )
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert (valid_ficha().nombre or "") in text and env.ficha_id in text
    assert f"Documento guardado en {target}" in capsys.readouterr().out


def test_der_reviews_from_the_terminal(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    env.services.users.create(name="Diana", email="diana@dnp.gov.co", roles=["der"], unit=DER.unit)
    der = ["--usuario", "diana@dnp.gov.co"]
    assert env.run(["der", "bandeja", *der]) == 0
    assert env.ficha_id in capsys.readouterr().out

    assert env.run(["der", "revisar", env.ficha_id, *der]) == 0
    out = capsys.readouterr().out
    assert "En revisión por la DER" in out and "Validación:" in out
    assert "--aprobar | --devolver" in out

    assert (
        env.run(
            [
                "der",
                "comentar",
                env.ficha_id,
                "--campo",
                "evidencia",
                "--comentario",
                "Cite la fuente.",
                *der,
            ]
        )
        == 0
    )
    assert "Datos y evidencia" in capsys.readouterr().out
    assert env.run(["der", "revisar", env.ficha_id, "--devolver", *der]) == 2
    assert "escriba el motivo" in capsys.readouterr().err
    code = env.run(
        [
            "der",
            "revisar",
            env.ficha_id,
            "--devolver",
            "--comentario",
            "Acorte el nombre.",
            "--campo",
            "nombre",
            *der,
        ]
    )
    assert code == 0
    catalog = env.services.ficha_catalog
    assert catalog.get(DER, env.ficha_id).status is FichaStatus.RETURNED
    assert [c.field for c in catalog.comments(DER, env.ficha_id)] == [
        "problema.evidencia",
        "nombre",
    ]
    capsys.readouterr()
    assert env.run(["der", "revisar", env.ficha_id, "--aprobar", *der]) == 2
    assert "no puede pasar a «Aprobada»" in capsys.readouterr().err

    assert env.run(["der", "notificaciones"]) == 0
    out = capsys.readouterr().out
    assert "pendiente" in out and "der: Nueva ficha para revisar" in out
    assert env.run(["der", "notificaciones", "--entregar"]) == 0
    assert "Notificaciones entregadas: 2" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (None, "the following arguments are required: --usuario"),
        ("nadie@dnp.gov.co", "No hay un usuario activo"),
        ("ana@dnp.gov.co", "no tiene el rol der"),
    ],
)
def test_der_commands_act_as_a_registered_der_user(
    env: Env, capsys: pytest.CaptureFixture[str], who: str | None, message: str
) -> None:
    """A unit user could approve its own ficha with ``--usuario`` naming anyone."""
    env.services.users.create(
        name="Ana", email="ana@dnp.gov.co", roles=["unidad_tecnica"], unit=UNIT.unit
    )
    argv = ["der", "revisar", env.ficha_id, "--aprobar", *(["--usuario", who] if who else [])]
    with pytest.raises(SystemExit) if who is None else _no_exit():
        assert env.run(argv) == 2
    assert message in capsys.readouterr().err
    assert env.services.ficha_catalog.get(DER, env.ficha_id).status is FichaStatus.SUBMITTED


def test_history_diff_between_versions(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    workflow = env.services.ficha_workflow
    env.services.ficha_review.return_to_unit(DER, env.ficha_id, reason="Ajustar el nombre")
    stored = workflow.get(UNIT, env.ficha_id)
    renamed = stored.draft.model_copy(
        update={"nombre": "Acompañamiento técnico a proyectos del SGR"}
    )
    workflow.save_draft(UNIT, env.ficha_id, renamed, expected_lock=stored.lock_version)
    workflow.submit(UNIT, env.ficha_id)
    assert env.run(["ficha", "historial", env.ficha_id, "--diferencias", "1", "2", *UNIT_ARGS]) == 0
    out = capsys.readouterr().out
    assert "• Nombre del producto o servicio de ATT" in out
    assert "después: Acompañamiento técnico a proyectos del SGR" in out
    assert "Vigencia" not in out


OWN_ANSWERS = (
    "Laboratorio de analítica fiscal para gobernaciones",
    *HAPPY_ANSWERS[1:6],
    "Las gobernaciones presentan rezagos en el reporte de información fiscal, lo que afecta "
    "la calidad de sus diagnósticos financieros.",
    *HAPPY_ANSWERS[7:],
)


def test_chat_registers_a_ficha_and_sends_it(
    env: Env, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answerer = ScriptedAnswerer()
    env.services.override(answerer=answerer)
    lines = iter(
        ["¿Qué es el SETA?", "quiero registrar una ficha", *OWN_ANSWERS, "enviar", "salir"]
    )
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    args = argparse.Namespace(usuario="ana", unidad=UNIT.unit)
    assert chat_cmd(args, CliContext(env.settings, _services=env.services)) == 0
    out = capsys.readouterr().out
    assert (
        "Respuesta de la política a «¿Qué es el SETA?»" in out
        and "[Texto de la política · confianza" in out
    )
    assert "Paso 1 de 6" in out and "Envié la ficha" in out and "como versión 1" in out
    assert answerer.questions == ["¿Qué es el SETA?"]
    fichas = env.services.ficha_catalog.list_fichas(UNIT, statuses=(FichaStatus.SUBMITTED,))
    assert len(fichas) == 2


def test_chat_exit_pauses_the_intake(
    env: Env, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env.services.override(answerer=ScriptedAnswerer())
    lines = iter(["quiero registrar una ficha", HAPPY_ANSWERS[0], "no", OWN_ANSWERS[0], "salir"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(lines))
    args = argparse.Namespace(usuario="ana", unidad=UNIT.unit)
    ctx = CliContext(env.settings, _services=env.services)
    assert chat_cmd(args, ctx) == 0
    out = capsys.readouterr().out
    assert "Nombre y problema se parecen" in out and env.ficha_id in out
    assert "NAME-DUPLICATE" not in out  # people read the sentence, never the rule's id
    assert f"Dependencia: {UNIT.unit} (la de su usuario)" in out
    assert "Anotado: Nombre del producto o servicio de ATT." in out
    assert "Su ficha quedó guardada" in out

    lines = iter(["continuar mi ficha", "salir"])
    assert chat_cmd(args, ctx) == 0
    out = capsys.readouterr().out
    assert "Escriba «continuar mi ficha» para retomarla." in out
    # The unit came from --unidad: the next question is the subdirección, not the dependencia.
    assert "Retomamos su ficha" in out and "Subdirección general" in out


def test_reading_commands_work_without_identity_flags(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert env.run(["ficha", "historial", env.ficha_id]) == 0
    assert "borrador → enviada v1" in capsys.readouterr().out
    target = tmp_path / "ficha.md"
    assert (
        env.run(["ficha", "exportar", env.ficha_id, "--formato", "md", "--salida", str(target)])
        == 0
    )
    text = target.read_text(encoding="utf-8")
    assert "## Estado y decisiones" in text and "Estado: Enviada a la DER" in text
    assert env.run(["ficha", "ver", env.ficha_id]) == 0
    # Naming another unit still refuses: the default applies only without any identity.
    assert (
        env.run(["ficha", "historial", env.ficha_id, "--usuario", "zoe", "--unidad", "Otra"]) == 2
    )


def test_export_of_a_sent_version_shows_the_reasons_beside_the_accepted_warnings(
    tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.intake.factories import with_fields

    settings = Settings(data_dir=tmp_path, database_url=database_url, environment="test")
    services = build_services(settings)
    workflow = services.ficha_workflow
    ficha = with_fields(valid_ficha(), problema__evidencia="Muchos proyectos se devuelven")
    stored = workflow.create(UNIT)
    workflow.save_draft(UNIT, stored.id, ficha, expected_lock=stored.lock_version)
    keys = [w.key for w in services.rules_engine.validate(ficha).warnings]
    reason = "porque la cifra oficial del SGR se publica en marzo"
    workflow.submit(UNIT, stored.id, acknowledged=keys, reasons={keys[0]: reason})
    argv = ["ficha", "exportar", stored.id, "--version", "1", "--formato", "md", "--salida", "-"]
    assert main([*argv, *UNIT_ARGS], settings=settings) == 0
    out = capsys.readouterr().out
    assert "| Advertencia (aceptada) | Problema o necesidad › Datos y evidencia |" in out
    assert f"| {reason} |" in out
    services.database.dispose()
