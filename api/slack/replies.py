"""Answering a question in its Slack thread: rate limit, acknowledgement, answer, blocks."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from api.slack import blocks
from api.slack.threads import ThreadRef
from assistant.access.rate_limit import RateLimiter
from assistant.wiring import Services


class Replier:
    """Posts the assistant's answer to a question in the question's thread."""

    def __init__(self, *, services: Services, limiter: RateLimiter) -> None:
        self.services = services
        self.limiter = limiter

    def allowed(self, client: WebClient, where: ThreadRef) -> bool:
        """Count one question of the user; when over the limit, say so politely."""
        if self.limiter.hit(f"slack:{where.user_id}"):
            return True
        client.chat_postMessage(
            channel=where.channel,
            thread_ts=where.thread_ts,
            text=blocks.rate_limited(self.limiter.limit),
        )
        return False

    def acknowledge(self, client: WebClient, where: ThreadRef, ts: str) -> None:
        """React to the question at once, so the user knows it is being answered."""
        try:
            client.reactions_add(channel=where.channel, timestamp=ts, name=blocks.ACK_REACTION)
        except SlackApiError as exc:
            # The reaction is a courtesy (missing scope, already reacted): answer anyway.
            if exc.response.get("error") not in {"already_reacted", "missing_scope", "no_reaction"}:
                raise

    def answer(self, client: WebClient, where: ThreadRef, *, text: str, ts: str) -> None:
        """Answer ``text`` in the thread (follow-ups see the thread's earlier turns)."""
        if not text:
            client.chat_postMessage(
                channel=where.channel, thread_ts=where.thread_ts, text=blocks.EMPTY_QUESTION
            )
            return
        if not self.allowed(client, where):
            return
        self.acknowledge(client, where, ts)
        answer = self.services.answerer.answer(
            text, conversation_id=where.conversation_id, channel="slack", user_id=where.user_id
        )
        client.chat_postMessage(
            channel=where.channel,
            thread_ts=where.thread_ts,
            text=blocks.answer_fallback(answer),
            blocks=blocks.answer_blocks(answer, log_id=answer.log_id),
            unfurl_links=False,
        )


__all__ = ["Replier"]
