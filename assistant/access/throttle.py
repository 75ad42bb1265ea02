"""Failed sign-ins and bad tokens, throttled with backoff without locking out valid ones.

Failures are counted per source address, per token prefix and per both, in windows that
grow (10 a minute, 30 in 15 minutes, 60 an hour), kept in the database so every worker
shares them. A request is refused before its token is even checked only when its *prefix*
is blocked: a guesser varying whole tokens fills the source's count, and gets 429 instead of
401 from then on, but a valid token from the same address (a shared NAT, a proxy) has its own
prefix and still signs in. A per-source block that refused everyone behind one address is
what this replaced (one client locked the whole office out).
"""

from __future__ import annotations

import hashlib
import time

from assistant.access.rate_limit import RateLimiter
from assistant.storage.database import Database

STEPS = ((60, 10), (900, 30), (3600, 60))
"""(window in seconds, failures allowed in it): the backoff."""
PREFIX_LENGTH = 12
"""Characters of a token that name its prefix (``ast_`` and eight more)."""


def _prefix(token: str) -> str:
    # Hashed, so the table never holds the beginning of anyone's token.
    return hashlib.sha256(token[:PREFIX_LENGTH].encode()).hexdigest()[:16]


class FailureThrottle:
    """Counts failures of one kind (``scope``: web sign-in, API token) and says who waits."""

    def __init__(self, database: Database, *, scope: str) -> None:
        self.scope = scope
        self._windows = [RateLimiter(database, limit=n, window_s=w) for w, n in STEPS]

    def _keys(self, source: str, token: str) -> tuple[str, str, str]:
        prefix = _prefix(token)
        return (
            f"{self.scope}:fallo:o:{source}:{prefix}",
            f"{self.scope}:fallo:p:{prefix}",
            f"{self.scope}:fallo:o:{source}",
        )

    def refused(self, source: str, token: str, now: float | None = None) -> bool:
        """True when this token's prefix is in backoff (from this source or any)."""
        keys = self._keys(source, token)[:2]
        return any(w.over(k, now) for w in self._windows for k in keys)

    def failed(self, source: str, token: str, now: float | None = None) -> bool:
        """Count a failure; True when the source or prefix is now in backoff (answer 429)."""
        now = now if now is not None else time.time()
        over = False
        for window in self._windows:
            for key in self._keys(source, token):
                over = not window.hit(key, now) or over
        return over
