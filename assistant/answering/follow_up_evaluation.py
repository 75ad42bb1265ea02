"""Follow-up evaluation: scripted conversations whose last turn leans on the previous one.

Each conversation's last turn is scored twice: after its earlier turns (with context) and
alone (without). Conversations marked ``held_out`` were written before the resolver was
tuned on the others and never used to choose a change; they are reported apart as well,
so an improvement that only fits the conversations it was tuned on shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answering.answer import Answer
from knowledge import KnowledgeError, covers
from knowledge.evaluation import read_jsonl


@dataclass(frozen=True)
class Conversation:
    """A scripted conversation whose last turn is elliptical (it leans on the previous)."""

    conversation_id: str
    turns: tuple[str, ...]
    out_of_scope: bool
    gold_quotes: tuple[str, ...] = ()
    """Policy sentences that answer the last turn (none when it is out of scope)."""
    held_out: bool = False
    """Written apart and not used for tuning (reported separately)."""


def load_conversations(path: Path) -> list[Conversation]:
    """Read ``{"id", "turns", "type", "gold_quotes", "held_out"}`` lines."""
    out = []
    for number, row in read_jsonl(path, "conjunto de conversaciones"):
        try:
            out.append(
                Conversation(
                    conversation_id=str(row.get("id", number)),
                    turns=tuple(row["turns"]),
                    out_of_scope=row.get("type") == "out_of_scope",
                    gold_quotes=tuple(row.get("gold_quotes") or ()),
                    held_out=bool(row.get("held_out", False)),
                )
            )
        except KeyError as exc:
            raise KnowledgeError(f"Línea {number} de «{path}» no es válida: {exc}.") from exc
    return out


AskInConversation = Callable[[str, "str | None"], Answer]
"""``ask(question, conversation_id)``: an answer, continuing the conversation when given."""


@dataclass(frozen=True)
class _Outcome:
    """How one conversation's last turn went."""

    conversation: Conversation
    found: float | None = None
    quoted: float | None = None
    abstained: bool | None = None
    unchanged: bool | None = None

    @property
    def failed(self) -> bool:
        if self.conversation.out_of_scope:
            return not self.abstained
        return (self.quoted or 0.0) < 1.0 or bool(self.unchanged)


def evaluate_conversations(
    conversations: Sequence[Conversation], ask: AskInConversation
) -> dict[str, Any]:
    """Score each conversation's last turn with its context and alone; the held-out
    conversations again on their own."""
    report: dict[str, Any] = {"conversaciones": len(conversations)}
    held_out = [c for c in conversations if c.held_out]
    for label, with_context in (("con_contexto", True), ("sin_contexto", False)):
        outcomes = [_run(c, ask, with_context=with_context) for c in conversations]
        report[label] = _metrics(outcomes, with_context=with_context)
        report[f"fallos_{label}"] = [o.conversation.conversation_id for o in outcomes if o.failed]
        if held_out:
            report[f"reserva_{label}"] = _metrics(
                [o for o in outcomes if o.conversation.held_out], with_context=with_context
            )
    report["reserva"] = len(held_out)
    return report


def _run(conversation: Conversation, ask: AskInConversation, *, with_context: bool) -> _Outcome:
    previous: Answer | None = None
    conversation_id: str | None = None
    if with_context:
        for turn in conversation.turns[:-1]:
            previous = ask(turn, conversation_id)
            conversation_id = previous.conversation_id
    last = ask(conversation.turns[-1], conversation_id)
    unchanged = None if previous is None else last.text == previous.text
    if conversation.out_of_scope:
        return _Outcome(conversation, abstained=last.abstained, unchanged=unchanged)
    passages = [p.text for p in last.passages[:5]]
    shown = [last.text] + [c.quote for c in last.citations]
    gold = conversation.gold_quotes
    return _Outcome(
        conversation,
        found=_share(gold, passages),
        quoted=_share(gold, shown),
        unchanged=unchanged,
    )


def _metrics(outcomes: Sequence[_Outcome], *, with_context: bool) -> dict[str, float | None]:
    found = [o.found for o in outcomes if o.found is not None]
    quoted = [o.quoted for o in outcomes if o.quoted is not None]
    abstained = [float(o.abstained) for o in outcomes if o.abstained is not None]
    unchanged = [float(o.unchanged) for o in outcomes if o.unchanged is not None]
    return {
        "recuperacion_r5": _mean(found),
        "evidencia_citada": _mean(quoted),
        "fuera_de_alcance_abstencion": _mean(abstained),
        "repite_respuesta_anterior": _mean(unchanged) if with_context else None,
    }


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


def _share(gold: Sequence[str], texts: Sequence[str]) -> float:
    return sum(any(covers(q, t) for t in texts) for q in gold) / len(gold) if gold else 0.0
