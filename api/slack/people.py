"""Who a Slack user is in the product: the registered person with the same email.

Slack knows a person's email (``users.info``, scope ``users:read.email``); the product's user
store knows that person's unit. The unit fills the ficha's dependencia in a DM, as the web
does for a signed-in unit. Any Slack error only means the unit is not known: the intake then
asks for it.
"""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.access.users import UserStore

log = logging.getLogger(__name__)

TTL_SECONDS = 600.0
"""How long a looked-up unit is kept (a person's unit rarely changes)."""


class SlackPeople:
    """The unit of a Slack user, looked up by email and kept for a while."""

    def __init__(self, users: UserStore, *, ttl: float = TTL_SECONDS) -> None:
        self.users = users
        self.ttl = ttl
        self._known: dict[str, tuple[float, str | None]] = {}
        self._lock = threading.Lock()

    def unit(self, client: WebClient, user_id: str) -> str | None:
        """The unit of the person registered with ``user_id``'s Slack email, or None."""
        now = time.monotonic()
        with self._lock:
            cached = self._known.get(user_id)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        unit = self._look_up(client, user_id)
        with self._lock:
            self._known[user_id] = (now, unit)
        return unit

    def _look_up(self, client: WebClient, user_id: str) -> str | None:
        try:
            profile = client.users_info(user=user_id)["user"]["profile"]
        except (SlackApiError, KeyError, TypeError) as exc:
            log.info("Sin correo de Slack para %s: %s", user_id, exc)
            return None
        email = str(profile.get("email") or "")
        person = self.users.by_email(email) if email else None
        return person.unit if person is not None else None


__all__ = ["SlackPeople"]
