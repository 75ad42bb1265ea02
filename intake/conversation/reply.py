"""What a turn of the guided intake says, as data: parts, the question, its choices, the summary.

Adapters (terminal, HTTP, web, Slack) render these values; none of them reads the intake's
sentences to find options or decide a button. The text of a turn is a sequence of `ReplyPart`
(each tagged with what it is), and the state after the turn gives the pending `FieldQuestion`
and the `Choice` list a person may answer with (a button or an option per choice). A send
choice exists exactly when the ficha can be sent now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from intake.conversation.prompts import conversation_order, step_of
from intake.conversation.state import Mode, SessionState
from intake.ficha import Ficha
from intake.fields import FIELDS, STEPS, FieldKind, field_value, is_blank
from intake.rules.config import RulesConfig
from intake.version_diff import format_value


class PartKind(StrEnum):
    """What a paragraph of the reply is."""

    MESSAGE = "mensaje"
    """Feedback on the last answer, an explanation, a policy answer."""
    PROMPT = "pregunta"
    """The pending question (always the last thing a person needs to read)."""
    SUMMARY = "resumen"
    """The check-answers summary (the same content is in `IntakeTurnView.summary`)."""
    REPORT = "validacion"
    """The full validation report."""


@dataclass(frozen=True)
class ReplyPart:
    """One paragraph of the reply."""

    kind: PartKind
    text: str


class ChoiceRole(StrEnum):
    """What answering with a choice does (adapters style buttons by it)."""

    OPTION = "opcion"
    """One value of a closed list."""
    CONFIRM = "confirmar"
    """Yes: keep the value, accept the warning, discard the draft."""
    DECLINE = "declinar"
    """No, or correct the value instead."""
    DONE = "terminar"
    """Close a list with the items given."""
    KEEP = "mantener"
    """Keep the current value."""
    SKIP = "omitir"
    """Skip an optional question."""
    SEND = "enviar"
    """Review and send the ficha to DER."""


@dataclass(frozen=True)
class Choice:
    """An answer a person can give with one click.

    Attributes:
        value: What the adapter sends to the intake as the person's message.
        label: Spanish label of the button or option.
        role: What it does.
    """

    value: str
    label: str
    role: ChoiceRole


@dataclass(frozen=True)
class FieldQuestion:
    """The field the intake is asking for.

    Attributes:
        field_id: Dotted id (``problema.enunciado``).
        label: Spanish label.
        kind: Text, list or number.
        required: Needed to send the ficha.
        position: 1-based place in the order of questions.
        total: Number of questions.
    """

    field_id: str
    label: str
    kind: FieldKind
    required: bool
    position: int
    total: int


@dataclass(frozen=True)
class SummaryField:
    """One field in the summary: its label and value as people read it."""

    field_id: str
    label: str
    values: tuple[str, ...]
    omitted: bool = False

    @property
    def blank(self) -> bool:
        """True when the field has no value."""
        return not self.values


@dataclass(frozen=True)
class SummaryStep:
    """The fields of one Paso (or of the optional Etapa 2 preview)."""

    title: str
    fields: tuple[SummaryField, ...]


@dataclass(frozen=True)
class FichaSummary:
    """Every field of a draft with its value, grouped by Paso."""

    ficha_id: str
    name: str
    steps: tuple[SummaryStep, ...]


def step_title(field_id: str) -> str:
    """ "Paso 2 de 6: …" for the field's Paso (the optional Etapa 2 preview has its own)."""
    stage, step = step_of(FIELDS[field_id])
    if stage == 2:
        return "Avance de diseño (opcional, Etapa 2)"
    return f"Paso {step} de 6: {STEPS[step - 1].title}"


def display_values(config: RulesConfig, field_id: str, value: Any) -> tuple[str, ...]:
    """A stored value as people read it (codes with their names; one entry per list item)."""
    if is_blank(value):
        return ()
    if isinstance(value, list):
        return tuple(config.display_value(field_id, str(v)) for v in value if str(v).strip())
    return (config.display_value(field_id, format_value(value)),)


def summarize(ficha: Ficha, config: RulesConfig, *, skipped: Iterable[str] = ()) -> FichaSummary:
    """The check-answers summary of ``ficha``."""
    omitted = set(skipped)
    steps: list[SummaryStep] = []
    current: str | None = None
    fields: list[SummaryField] = []
    for field_id in conversation_order():
        title = step_title(field_id)
        if title != current:
            if current is not None:
                steps.append(SummaryStep(current, tuple(fields)))
            current, fields = title, []
        values = display_values(config, field_id, field_value(ficha, field_id))
        fields.append(
            SummaryField(
                field_id,
                FIELDS[field_id].full_label,
                values,
                omitted=not values and field_id in omitted,
            )
        )
    if current is not None:
        steps.append(SummaryStep(current, tuple(fields)))
    return FichaSummary(ficha.id or "", ficha.nombre or "", tuple(steps))


class NoticeKind(StrEnum):
    """Why a notice is shown before the reply."""

    RETURNED = "devuelta"
    """DER returned the ficha with comments."""
    DRAFT_IN_PROGRESS = "borrador_en_curso"
    """The person has a draft in progress (paused or open)."""
    CONCURRENT_EDIT = "cambio_concurrente"
    """Someone else changed the ficha since the person's last answer."""


@dataclass(frozen=True)
class Notice:
    """Something to tell before the reply (adapters show it apart, e.g. as a banner)."""

    kind: NoticeKind
    text: str


YES = "sí"
NO = "no"
SEND = "enviar"
SEND_CHOICE = Choice(SEND, "Enviar a la DER", ChoiceRole.SEND)
REVIEW_AND_SEND = Choice(SEND, "Revisar y enviar a la DER", ChoiceRole.SEND)


def pending_question(state: SessionState, *, required: frozenset[str]) -> FieldQuestion | None:
    """The field being asked after a turn (None while confirming or sending)."""
    field_id = state.field
    if field_id is None or state.mode not in (Mode.ASK, Mode.CONFIRM_WARNING):
        return None
    order = conversation_order()
    spec = FIELDS[field_id]
    return FieldQuestion(
        field_id,
        spec.full_label,
        spec.kind,
        field_id in required,
        order.index(field_id) + 1,
        len(order),
    )


def choices_for(
    state: SessionState,
    ficha: Ficha,
    config: RulesConfig,
    *,
    required: frozenset[str],
    can_send: bool,
) -> tuple[Choice, ...]:
    """What a person can answer with one click in ``state``."""
    mode = state.mode
    if mode is Mode.CONFIRM_SUBMIT:
        return (SEND_CHOICE, Choice(NO, "Todavía no", ChoiceRole.DECLINE))
    if mode is Mode.CONFIRM_CANCEL:
        return (
            Choice(YES, "Sí, descartar el borrador", ChoiceRole.CONFIRM),
            Choice(NO, "No, seguir con la ficha", ChoiceRole.DECLINE),
        )
    if mode is Mode.ACK_WARNINGS:
        return (
            Choice("acepto", "Acepto la advertencia", ChoiceRole.CONFIRM),
            Choice("corregir", "Corregir el dato", ChoiceRole.DECLINE),
        )
    if mode is Mode.CONFIRM_WARNING:
        return (Choice(YES, "Dejar la respuesta así", ChoiceRole.CONFIRM),)
    field_id = state.field
    if field_id is None:
        return (REVIEW_AND_SEND,) if can_send else ()
    return _field_choices(state, ficha, config, field_id, required) + (
        (REVIEW_AND_SEND,) if can_send else ()
    )


def _field_choices(
    state: SessionState,
    ficha: Ficha,
    config: RulesConfig,
    field_id: str,
    required: frozenset[str],
) -> tuple[Choice, ...]:
    spec = FIELDS[field_id]
    choices: list[Choice] = []
    options = config.options_for(field_id)
    if options is not None:
        choices += [
            Choice(str(number), item.display, ChoiceRole.OPTION)
            for number, item in enumerate(options.items, start=1)
        ]
    has_value = not is_blank(field_value(ficha, field_id))
    if spec.kind is FieldKind.LIST and (state.buffers.get(field_id) or has_value):
        choices.append(Choice("listo", "Ya está, seguir", ChoiceRole.DONE))
    elif has_value:
        choices.append(Choice("mantener", "Mantener el valor actual", ChoiceRole.KEEP))
    if field_id not in required:
        choices.append(Choice("saltar", "Omitir esta pregunta", ChoiceRole.SKIP))
    return tuple(choices)


__all__ = [
    "REVIEW_AND_SEND",
    "SEND_CHOICE",
    "Choice",
    "ChoiceRole",
    "FichaSummary",
    "FieldQuestion",
    "Notice",
    "NoticeKind",
    "PartKind",
    "ReplyPart",
    "SummaryField",
    "SummaryStep",
    "choices_for",
    "display_values",
    "pending_question",
    "step_title",
    "summarize",
]
