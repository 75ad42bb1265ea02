"""Answering a question in Slack: rate limit, acknowledgement, answer, blocks.

In a channel the answer goes in the question's thread; in a DM it goes in the conversation
(threaded only when the question itself was in a thread).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from api.rendering.slack import answer_messages
from api.slack import answer_message, blocks
from api.slack.threads import ThreadRef
from assistant.access.rate_limit import RateLimiter
from assistant.wiring import Services

COURTESY_ERRORS = {"already_reacted", "missing_scope", "no_reaction", "message_not_found"}
"""Slack errors of the 👀 reaction that must not stop the answer."""

Status = Callable[[str], object]
"""Shows a status line while answering (an assistant thread's ``set_status``)."""


class Replier:
    """Posts the assistant's answer to a question where the question was asked."""

    def __init__(self, *, services: Services, limiter: RateLimiter) -> None:
        self.services = services
        self.limiter = limiter

    def allowed(self, client: WebClient, where: ThreadRef, reply_ts: str | None) -> bool:
        """Count one question of the user; when over the limit, tell only them."""
        if self.limiter.hit(f"slack:{where.user_id}"):
            return True
        client.chat_postEphemeral(
            channel=where.channel,
            user=where.user_id,
            thread_ts=reply_ts,
            text=blocks.rate_limited(self.limiter.limit),
        )
        return False

    def _reaction(self, client: WebClient, where: ThreadRef, ts: str, *, add: bool) -> None:
        try:
            if add:
                client.reactions_add(
                    channel=where.channel, timestamp=ts, name=answer_message.ACK_REACTION
                )
            else:
                client.reactions_remove(
                    channel=where.channel, timestamp=ts, name=answer_message.ACK_REACTION
                )
        except SlackApiError as exc:
            # The reaction is a courtesy (missing scope, already reacted): answer anyway.
            if exc.response.get("error") not in COURTESY_ERRORS:
                raise

    def answer(
        self,
        client: WebClient,
        where: ThreadRef,
        *,
        text: str,
        ts: str,
        reply_ts: str | None,
        status: Status | None = None,
    ) -> None:
        """Answer ``text`` (follow-ups see the conversation's earlier turns).

        Args:
            client: The Web API client.
            where: The conversation (its id keys the history).
            text: The question.
            ts: The question message (it gets 👀 while the answer is prepared).
            reply_ts: The thread to answer in; None answers in the conversation itself.
            status: Shows «Buscando en la política…» instead of 👀 (assistant threads).
        """
        if not text:
            client.chat_postMessage(
                channel=where.channel, thread_ts=reply_ts, text=answer_message.EMPTY_QUESTION
            )
            return
        if not self.allowed(client, where, reply_ts):
            return
        if status is not None:
            status(answer_message.STATUS_SEARCHING)
        else:
            self._reaction(client, where, ts, add=True)
        answer = self.services.answerer.answer(
            text, conversation_id=where.conversation_id, channel="slack", user_id=where.user_id
        )
        for message in answer_messages(answer, log_id=answer.log_id):
            client.chat_postMessage(
                channel=where.channel,
                thread_ts=reply_ts,
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
            )
        if status is None:
            self._reaction(client, where, ts, add=False)


__all__ = ["Replier"]
