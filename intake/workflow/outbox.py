"""Notifications through a durable outbox: never lost when the channel is down.

The workflow writes a notification row in the SAME transaction as the change it announces
(a submission for DER, a decision for the unit): either both are stored or neither. A separate
`Outbox.drain` hands pending rows to a `NotificationChannel` (Slack later; `LogChannel` now).
A failed delivery stays pending with its attempt count, the error and the next attempt time
(exponential backoff, capped); it is retried on a later drain, never dropped. Delivery is
at-least-once: a crash between delivering and recording it sends the message again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.storage.tables import OutboxRow, TransactionFactory, as_utc, aware, utc_now

log = logging.getLogger(__name__)

PENDING = "pendiente"
DELIVERED = "entregada"


@dataclass(frozen=True)
class Notification:
    """A message for DER or for a unit.

    Attributes:
        event: What happened (``ficha_enviada``, ``ficha_devuelta``, ``ficha_aprobada``).
        recipient: Who gets it: ``"der"`` or ``"unidad:<dependencia>"``.
        subject: One Spanish line.
        body: Spanish text.
        payload: Data for the channel (ficha id, version, user ids…).
        ficha_id: The ficha it is about.
    """

    event: str
    recipient: str
    subject: str
    body: str
    payload: dict[str, Any] = field(default_factory=dict)
    ficha_id: str | None = None


class NotificationChannel(Protocol):
    """Delivers one notification; raises any exception when it cannot (it will be retried)."""

    name: str
    """Short name for logs and reports."""

    def deliver(self, notification: Notification) -> None:
        """Send ``notification`` or raise."""
        ...


class LogChannel:
    """Writes notifications to the log (the channel until Slack is configured)."""

    name = "registro"

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._log = logger or logging.getLogger("intake.notificaciones")

    def deliver(self, notification: Notification) -> None:
        """Log the notification at INFO level."""
        self._log.info(
            "Notificación para %s: %s\n%s",
            notification.recipient,
            notification.subject,
            notification.body,
        )


@dataclass(frozen=True)
class StoredNotification:
    """A notification as stored in the outbox (for the web's notices, whatever its delivery).

    Attributes:
        notification_id: Its row in the outbox.
        notification: What it says and to whom.
        created_at: When it was written (aware, UTC).
    """

    notification_id: int
    notification: Notification
    created_at: datetime


@dataclass(frozen=True)
class DrainReport:
    """What one `Outbox.drain` did.

    Attributes:
        delivered: Rows delivered now.
        failed: Rows whose delivery failed now (still pending, retried later).
        pending: Rows still pending after the drain (including those not yet due).
    """

    delivered: int
    failed: int
    pending: int

    @property
    def summary(self) -> str:
        """One Spanish line."""
        return (
            f"Notificaciones entregadas: {self.delivered}; fallidas (se reintentarán): "
            f"{self.failed}; pendientes: {self.pending}."
        )


class Outbox:
    """Stores notifications with the change they announce and delivers them later.

    Args:
        transaction: Opens a transaction (for `drain` and `pending`).
        clock: Returns "now" (tests pass a controllable clock).
        base_delay: Wait before the first retry; doubles after each failure.
        max_delay: Longest wait between retries.
    """

    def __init__(
        self,
        *,
        transaction: TransactionFactory,
        clock: Callable[[], datetime] | None = None,
        base_delay: timedelta = timedelta(seconds=30),
        max_delay: timedelta = timedelta(hours=1),
    ) -> None:
        self._transaction = transaction
        self._clock = clock or utc_now
        self._base = base_delay
        self._max = max_delay

    def enqueue(self, session: Session, notification: Notification) -> None:
        """Add ``notification`` inside the caller's transaction (stored only if it commits)."""
        now = as_utc(self._clock())
        session.add(
            OutboxRow(
                event=notification.event,
                recipient=notification.recipient,
                subject=notification.subject[:500],
                body=notification.body,
                payload=dict(notification.payload),
                ficha_id=notification.ficha_id,
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )

    def backoff(self, attempts: int) -> timedelta:
        """Wait before the next try after ``attempts`` failures (exponential, capped)."""
        delay = self._base * (2 ** max(0, attempts - 1))
        return min(delay, self._max)

    def drain(self, channel: NotificationChannel, *, limit: int = 100) -> DrainReport:
        """Deliver the pending notifications that are due, oldest first.

        A failure of one notification does not stop the others; it is recorded (attempts,
        error, next attempt) and retried on a later drain. On PostgreSQL concurrent drains skip
        each other's rows (``FOR UPDATE SKIP LOCKED``).
        """
        now = as_utc(self._clock())
        delivered = failed = 0
        with self._transaction() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.status == PENDING, OutboxRow.next_attempt_at <= now)
                .order_by(OutboxRow.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                if self._deliver(channel, row, now):
                    delivered += 1
                else:
                    failed += 1
        return DrainReport(delivered=delivered, failed=failed, pending=self.pending_count())

    def _deliver(self, channel: NotificationChannel, row: OutboxRow, now: datetime) -> bool:
        try:
            channel.deliver(_notification(row))
        except Exception as exc:  # noqa: BLE001 - any channel failure means "retry later"
            row.attempts += 1
            row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            row.next_attempt_at = now + self.backoff(row.attempts)
            log.warning(
                "No se pudo entregar la notificación %s por %s (intento %s): %s",
                row.id,
                channel.name,
                row.attempts,
                exc,
            )
            return False
        row.attempts += 1
        row.status = DELIVERED
        row.delivered_at = now
        row.last_error = None
        return True

    def pending_count(self) -> int:
        """How many notifications wait for delivery."""
        with self._transaction() as session:
            return int(
                session.scalar(
                    select(func.count()).select_from(OutboxRow).where(OutboxRow.status == PENDING)
                )
                or 0
            )

    def rows(self, *, ficha_id: str | None = None) -> list[dict[str, Any]]:
        """Every notification (optionally of one ficha) as plain dicts, oldest first."""
        with self._transaction() as session:
            query = select(OutboxRow).order_by(OutboxRow.id)
            if ficha_id is not None:
                query = query.where(OutboxRow.ficha_id == ficha_id)
            return [
                {
                    "id": r.id,
                    "evento": r.event,
                    "destinatario": r.recipient,
                    "asunto": r.subject,
                    "estado": r.status,
                    "intentos": r.attempts,
                    "proximo_intento": aware(r.next_attempt_at),
                    "ultimo_error": r.last_error,
                }
                for r in session.scalars(query)
            ]

    def addressed_to(
        self, recipients: Collection[str], *, limit: int = 100
    ) -> list[StoredNotification]:
        """The latest ``limit`` notifications for any of ``recipients``, newest first
        (delivered or not: the web shows them as soon as they are written)."""
        if not recipients:
            return []
        with self._transaction() as session:
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.recipient.in_(list(recipients)))
                .order_by(OutboxRow.id.desc())
                .limit(limit)
            ).all()
            return [StoredNotification(r.id, _notification(r), as_utc(r.created_at)) for r in rows]


def _notification(row: OutboxRow) -> Notification:
    return Notification(
        event=row.event,
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        payload=dict(row.payload),
        ficha_id=row.ficha_id,
    )


__all__ = [
    "DELIVERED",
    "PENDING",
    "DrainReport",
    "LogChannel",
    "Notification",
    "NotificationChannel",
    "Outbox",
    "StoredNotification",
]
