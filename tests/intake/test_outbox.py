"""The notification outbox on SQLite and PostgreSQL: nothing is lost while the channel is down."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from assistant.storage.database import Database
from intake.workflow.outbox import LogChannel, Notification, Outbox

START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now


@dataclass
class FlakyChannel:
    """Fails the first ``failures`` deliveries, then records what it delivers."""

    failures: int = 0
    name: str = "prueba"
    delivered: list[str] = field(default_factory=list)

    def deliver(self, notification: Notification) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("Slack no responde")
        self.delivered.append(notification.subject)


def _notify(outbox: Outbox, database: Database, *subjects: str) -> None:
    with database.session() as s:
        for subject in subjects:
            outbox.enqueue(s, Notification("ficha_enviada", "der", subject, "cuerpo"))


def test_a_notification_waits_while_the_channel_is_down(database: Database) -> None:
    clock = Clock()
    outbox = Outbox(transaction=database.session, clock=clock)
    _notify(outbox, database, "uno", "dos")
    channel = FlakyChannel(failures=2)

    first = outbox.drain(channel)
    assert (first.delivered, first.failed, first.pending) == (0, 2, 2)
    rows = outbox.rows()
    assert [r["intentos"] for r in rows] == [1, 1]
    assert rows[0]["ultimo_error"] == "ConnectionError: Slack no responde"
    assert rows[0]["proximo_intento"] == START + timedelta(seconds=30)

    not_due = outbox.drain(channel)
    assert (not_due.delivered, not_due.failed, not_due.pending) == (0, 0, 2)

    clock.now = START + timedelta(seconds=31)
    second = outbox.drain(channel)
    assert (second.delivered, second.failed, second.pending) == (2, 0, 0)
    assert channel.delivered == ["uno", "dos"]
    assert [r["estado"] for r in outbox.rows()] == ["entregada", "entregada"]
    assert outbox.drain(channel).delivered == 0


def test_backoff_doubles_and_is_capped(database: Database) -> None:
    outbox = Outbox(transaction=database.session)
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.backoff(20) == timedelta(hours=1)


def test_a_rolled_back_change_sends_nothing(database: Database) -> None:
    outbox = Outbox(transaction=database.session)
    with pytest.raises(RuntimeError):
        with database.session() as s:
            outbox.enqueue(s, Notification("ficha_enviada", "der", "perdida", "cuerpo"))
            raise RuntimeError("falla después de encolar")
    assert outbox.rows() == [] and outbox.pending_count() == 0


def test_the_log_channel_writes_the_notification(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(transaction=database.session)
    _notify(outbox, database, "Nueva ficha para revisar")
    with caplog.at_level(logging.INFO, logger="intake.notificaciones"):
        report = outbox.drain(LogChannel())
    assert report.delivered == 1
    assert "Notificación para der: Nueva ficha para revisar" in caplog.text
    assert "entregadas: 1" in report.summary
