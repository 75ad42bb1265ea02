"""``asistente slack``: the command exists and refuses Socket Mode without its token."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli.main import main
from tests.api.slack.conftest import slack_settings


def test_socket_mode_without_app_token_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = slack_settings(tmp_path, mode="socket")
    assert main(["slack"], settings=settings) == 2
    assert "ASISTENTE_SLACK__APP_TOKEN" in capsys.readouterr().err


def test_http_mode_without_signing_secret_is_refused(tmp_path: Path) -> None:
    from api.slack import create_slack_app
    from assistant.errors import ConfigurationError
    from assistant.wiring import build_services

    settings = slack_settings(tmp_path, signing_secret=None)
    with pytest.raises(ConfigurationError, match="SIGNING_SECRET"):
        create_slack_app(settings, build_services(settings))
