"""The ledger of handled Slack deliveries (both backends) and what reaches the logs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from slack_bolt import App

from assistant.storage.base import Base
from assistant.storage.database import Database
from assistant.storage.event_ledger import SlackEventLedger
from tests.api.slack.conftest import event_body, mention, signed
from tests.api.slack.slack_server import SlackServer


def test_an_event_id_is_claimed_once_across_ledgers(database_url: str) -> None:
    database = Database(database_url)
    database.create_schema()
    first, second = SlackEventLedger(database), SlackEventLedger(database)  # two workers
    assert first.claim("Ev1") is True
    assert second.claim("Ev1") is False
    assert second.claim("Ev2") is True
    later = datetime.now(UTC) + timedelta(days=3)
    assert first.forget_old(now=later) == 2
    assert first.claim("Ev1") is True
    with database.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diffs if "slack_events" in repr(d)] == []
    database.dispose()


def test_message_text_is_not_logged(
    slack_app: App, slack_server: SlackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    slack_app.dispatch(signed(event_body(mention("¿Qué dice sobre PALABRA-PRIVADA?"))))
    slack_server.wait_for("chat.postMessage")
    slack_server.settle()
    assert "PALABRA-PRIVADA" not in caplog.text
