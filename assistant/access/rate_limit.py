"""A fixed-window rate limit kept in the database, so every worker process shares it."""

from __future__ import annotations

import time

from sqlalchemy import Integer, String, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from assistant.storage.base import Base
from assistant.storage.database import Database


class RateWindowRow(Base):
    """Requests counted for one key in one window."""

    __tablename__ = "rate_limit_windows"
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class RateLimiter:
    """Allows ``limit`` requests per ``window_s`` seconds and key."""

    def __init__(self, database: Database, *, limit: int, window_s: int = 60) -> None:
        self.database = database
        self.limit = limit
        self.window_s = window_s

    def over(self, key: str, now: float | None = None) -> bool:
        """True when ``key`` already went over its limit in this window (nothing counted)."""
        window = int((now if now is not None else time.time()) // self.window_s)
        with self.database.session() as session:
            count = session.get(RateWindowRow, (key, window))
            return count is not None and count.count > self.limit

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one request; False when the key is over its limit in this window."""
        window = int((now if now is not None else time.time()) // self.window_s)
        for _ in range(3):
            try:
                with self.database.session() as session:
                    done = session.execute(
                        update(RateWindowRow)
                        .where(RateWindowRow.key == key, RateWindowRow.window == window)
                        .values(count=RateWindowRow.count + 1)
                        .returning(RateWindowRow.count)
                    ).scalar_one_or_none()
                    if done is None:
                        session.add(RateWindowRow(key=key, window=window, count=1))
                        done = 1
                return done <= self.limit
            except IntegrityError:
                continue  # another worker inserted the row first: count again
        return True
