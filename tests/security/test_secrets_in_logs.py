"""Nothing secret or private reaches the logs, even at DEBUG: API tokens, the Slack secrets,
the database password, and what people write (questions, intake answers)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

DB_PASSWORD = "ClaveBD-9f3k2"
SIGNING_SECRET = "firma-slack-7d1c0a"
BOT_TOKEN = "xoxb-bot-token-5e8b3"
QUESTION_TEXT = "PALABRA-PRIVADA-Q17"
INTAKE_TEXT = "NOMBRE-PRIVADO-FICHA-44"


def test_secrets_and_message_text_are_not_logged_at_debug(
    postgres_url: str, policy_data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # PostgreSQL here trusts loopback, so any password connects: it still must not be logged.
    url = postgres_url.replace("postgres@", f"postgres:{DB_PASSWORD}@")
    settings = make_settings(
        policy_data_dir,
        database_url=url,
        log_level="DEBUG",
        slack={"mode": "socket", "signing_secret": SIGNING_SECRET, "bot_token": BOT_TOKEN},
    )
    services = build_services(settings)
    _, token = services.users.create(
        name="Ana", email="ana@dnp.gov.co", roles=["unidad_tecnica"], unit="Dirección X"
    )
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings, services)) as client:
        asked = client.post(
            "/api/v1/preguntas",
            json={"pregunta": f"¿Qué dice la política sobre {QUESTION_TEXT}?"},
            headers=auth,
        )
        assert asked.status_code == 200
        history = client.get(
            f"/api/v1/conversaciones/{asked.json()['conversacion_id']}", headers=auth
        )
        assert QUESTION_TEXT in history.text
        opening = client.post(
            "/api/v1/fichas/conversacion",
            json={"mensaje": "quiero registrar una ficha"},
            headers=auth,
        ).json()
        client.post(
            "/api/v1/fichas/conversacion",
            json={"mensaje": INTAKE_TEXT, "sesion_id": opening["sesion_id"]},
            headers=auth,
        )
        # A wrong token, and a request that fails validation, are logged without their data.
        client.get("/api/v1/glosario", headers={"Authorization": f"Bearer {token}x"})
        client.post(
            "/api/v1/preguntas", json={"pregunta": "", "extra": QUESTION_TEXT}, headers=auth
        )
    services.database.dispose()

    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert caplog.records, "la prueba no capturó ningún registro"
    for secret in (token, DB_PASSWORD, SIGNING_SECRET, BOT_TOKEN, QUESTION_TEXT, INTAKE_TEXT):
        assert secret not in logged, f"{secret!r} aparece en los registros"
