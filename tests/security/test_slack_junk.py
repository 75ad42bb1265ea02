"""Unsigned junk at the Slack endpoint is a 401 (it used to crash Bolt's check: a 500)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.api.slack.conftest import sign, slack_settings

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"\xff\xfe", {}),
        (b"\xff\xfe", sign("x")),
        (b'{"type": "url_verification"}', {"x-slack-request-timestamp": "ayer"}),
        (b'{"type": "url_verification"}', {"x-slack-request-timestamp": "9" * 40}),
        (b"{}", {"x-slack-request-timestamp": "1", "x-slack-signature": "v0=00"}),
        (b"token=\x00", {}),
    ],
    ids=["utf8-invalido", "utf8-invalido-firmado", "hora-texto", "hora-enorme", "firma", "nul"],
)
def test_unsigned_junk_is_a_401(
    policy_data_dir: Path, tmp_path: Path, body: bytes, headers: dict[str, str]
) -> None:
    settings = slack_settings(policy_data_dir, tmp_path / "s.db")
    with TestClient(create_app(settings, build_services(settings))) as client:
        response = client.post(
            "/slack/events", content=body, headers={"content-type": "application/json", **headers}
        )
    assert response.status_code == 401, response.text
