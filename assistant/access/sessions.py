"""Web sessions kept on the server: the cookie holds only a random id, so a session ends
when it ends (logout, expiry, a revoked token or a deactivated user), not when the signed
cookie would have expired (a replayed cookie used to open /chat after logout, for 10 h)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database

SESSION_HOURS = 10
"""How long a web session lasts after signing in (a working day)."""


class WebSessionRow(Base):
    """One signed-in session (only the hash of its id is stored)."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    # SQLite returns naive datetimes (stored in UTC).
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class SessionStore:
    """Opens, resolves and revokes web sessions."""

    def __init__(self, database: Database, *, hours: float) -> None:
        self.database = database
        self.lifetime = timedelta(hours=hours)

    def open(self, user_id: str, now: datetime | None = None) -> str:
        """A new session for ``user_id``; its id (shown once, to the cookie)."""
        session_id = secrets.token_urlsafe(32)
        now = now or datetime.now(UTC)
        row = WebSessionRow(
            id_hash=_hash(session_id),
            user_id=user_id,
            created_at=now,
            expires_at=now + self.lifetime,
            revoked_at=None,
        )
        with self.database.session() as session:
            session.add(row)
        return session_id

    def user_id(self, session_id: str, now: datetime | None = None) -> str | None:
        """The user of a live session (not revoked, not expired), or None."""
        with self.database.session() as session:
            row = session.get(WebSessionRow, _hash(session_id))
        if row is None or row.revoked_at is not None:
            return None
        if _aware(row.expires_at) <= (now or datetime.now(UTC)):
            return None
        return row.user_id

    def revoke(self, session_id: str) -> None:
        """End one session (logout)."""
        self._revoke(WebSessionRow.id_hash == _hash(session_id))

    def revoke_user(self, user_id: str) -> int:
        """End every live session of ``user_id``; how many there were."""
        return self._revoke(WebSessionRow.user_id == user_id)

    def _revoke(self, condition: object) -> int:
        with self.database.session() as session:
            result = session.execute(
                update(WebSessionRow)
                .where(condition, WebSessionRow.revoked_at.is_(None))  # type: ignore[arg-type]
                .values(revoked_at=datetime.now(UTC))
            )
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def live(self, user_id: str) -> int:
        """How many live sessions ``user_id`` has (for the terminal's user list)."""
        now = datetime.now(UTC)
        with self.database.session() as session:
            rows = session.scalars(
                select(WebSessionRow).where(
                    WebSessionRow.user_id == user_id, WebSessionRow.revoked_at.is_(None)
                )
            ).all()
        return sum(1 for r in rows if _aware(r.expires_at) > now)
