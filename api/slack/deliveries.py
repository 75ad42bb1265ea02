"""Which Slack deliveries reach the listeners: no bots, no repeated event ids."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from assistant.storage.event_ledger import SlackEventLedger


def delivery_filter(
    ledger: SlackEventLedger,
) -> Callable[..., BoltResponse | None]:
    """A global Bolt middleware that acknowledges, and drops, bots' events and retries.

    Slack re-sends an event (``X-Slack-Retry-Num``) when it did not see the acknowledgement in
    time; the event id stays the same, so the ledger in the database lets exactly one worker
    handle it.
    """

    def skip_bots_and_repeats(
        body: dict[str, Any], next: Callable[[], BoltResponse], logger: logging.Logger
    ) -> BoltResponse | None:
        if body.get("type") == "event_callback":
            event = body.get("event") or {}
            if event.get("bot_id") or event.get("subtype") == "bot_message":
                return BoltResponse(status=200, body="")
            event_id = body.get("event_id")
            if event_id and not ledger.claim(str(event_id)):
                logger.info("Entrega repetida de Slack ignorada (%s).", event_id)
                return BoltResponse(status=200, body="")
        return next()

    return skip_bots_and_repeats


__all__ = ["delivery_filter"]
