"""Block Kit builders: the intake's choices as buttons or a select, "Enviar a la DER", and long
replies split so the question at the end is never lost."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from api.slack import blocks
from intake import (
    Choice,
    ChoiceRole,
    FichaStatus,
    FichaSummary,
    IntakeReply,
    PartKind,
    ReplyPart,
    SummaryField,
    SummaryStep,
    TurnView,
)


def _reply(*choices: Choice, parts: tuple[ReplyPart, ...] = (), **view: object) -> IntakeReply:
    parts = parts or (ReplyPart(PartKind.PROMPT, "Área temática: ¿en qué área trabaja?"),)
    turn = TurnView(parts=parts, choices=choices, **view)  # type: ignore[arg-type]
    return IntakeReply(turn, (), "F-00000001", True, FichaStatus.DRAFT)


def _options(count: int) -> list[Choice]:
    return [Choice(str(n), f"Opción {n}", ChoiceRole.OPTION) for n in range(1, count + 1)]


def _valid(result: list[dict[str, object]]) -> None:
    for block in result:
        Block.parse(block).validate_json()  # type: ignore[union-attr]


def test_few_options_become_buttons_and_many_a_select() -> None:
    few = blocks.intake_blocks(_reply(*_options(3)))
    _valid(few)
    buttons = few[-1]["elements"]
    assert [(b["text"]["text"], b["value"]) for b in buttons] == [
        ("Opción 1", "1"),
        ("Opción 2", "2"),
        ("Opción 3", "3"),
    ]
    many = blocks.intake_blocks(
        _reply(*_options(12), Choice("saltar", "Omitir esta pregunta", ChoiceRole.SKIP))
    )
    _valid(many)
    select, skip = many[-1]["elements"]
    assert select["type"] == "static_select" and len(select["options"]) == 12
    assert select["options"][11] == {
        "text": {"type": "plain_text", "text": "Opción 12"},
        "value": "12",
    }
    assert (skip["type"], skip["value"]) == ("button", "saltar")


def test_the_send_button_comes_from_a_send_choice_only() -> None:
    send = Choice("enviar", "Enviar a la DER", ChoiceRole.SEND)
    confirm = blocks.intake_blocks(_reply(send, Choice("no", "Todavía no", ChoiceRole.DECLINE)))
    _valid(confirm)
    button = confirm[-1]["elements"][0]
    assert button["action_id"].startswith(blocks.ACTION_FICHA_SEND) and button["value"] == "enviar"
    assert button["style"] == "primary"
    words = (ReplyPart(PartKind.MESSAGE, "Escriba «enviar» para revisar la ficha y enviarla."),)
    assert blocks.intake_blocks(_reply(parts=words))[-1]["type"] == "section"


def test_a_long_summary_is_split_and_the_question_stays_last() -> None:
    fields = tuple(
        SummaryField(f"campo{n}", f"Campo {n}", (f"Valor largo número {n} " * 12,))
        for n in range(40)
    )
    summary = FichaSummary("F-00000001", "Acompañamiento", (SummaryStep("Paso 1 de 6", fields),))
    parts = (
        ReplyPart(PartKind.SUMMARY, "(resumen)"),
        ReplyPart(PartKind.REPORT, "Validación: sin errores ni advertencias."),
        ReplyPart(PartKind.PROMPT, "¿Envío la ficha a la DER? Responda «enviar» (o «sí»)."),
    )
    send = Choice("enviar", "Enviar a la DER", ChoiceRole.SEND)
    result = blocks.intake_blocks(_reply(send, parts=parts, summary=summary))
    _valid(result)
    texts = [b["text"]["text"] for b in result if b["type"] == "section"]
    assert all(len(t) <= blocks.MAX_SECTION for t in texts)
    assert "Valor largo número 39" in "".join(texts)
    assert texts[-2] == "Validación: sin errores ni advertencias."
    assert texts[-1].startswith("*¿Envío la ficha a la DER?")
    assert result[-1]["type"] == "actions"


def test_text_is_escaped_and_shortened_for_slack() -> None:
    assert blocks.escape("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    cut = blocks.shorten("palabra " * 100, 50)
    assert len(cut) <= 50 and cut.endswith("…")
