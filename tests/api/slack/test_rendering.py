"""Answers as Slack shows them: Markdown in ``markdown`` blocks, mrkdwn elsewhere without raw
Markdown, lists and paragraphs kept, long answers split (never cut), no CLI commands."""

from __future__ import annotations

import inspect
import re

import pytest

from api.rendering.markdown_text import to_mrkdwn
from api.rendering.slack import answer_messages
from api.slack import answer_message, assistant_thread, blocks
from api.slack.errors import explanation
from assistant.answering.answer import Answer, Citation
from assistant.faq.matcher import load_seed
from assistant.wiring import Services
from knowledge.errors import IndexNotReadyError
from tests.api.slack.payloads import check_message, mrkdwn_texts, raw_markdown

QUESTIONS = [
    "¿Qué es la ficha de pre-diseño?",
    "¿Quién da retroalimentación a la ficha de pre-diseño?",
    "¿Qué es la capacidad institucional?",
    "¿Cuáles son las etapas de la asistencia técnica territorial?",
    "¿Qué instancias conforman el gobierno de la llegada a territorio?",
    "¿Cómo se hace seguimiento a las estrategias de llegada a territorio?",
    "¿Cuál es la misión de la política?",
    "What is the pre-design form?",
    "¿Cuál es el precio del dólar hoy?",
    "¿Qué dice la política sobre la Ley 2294 de 2023?",
]
"""Questions of every route (glossary, FAQ, policy, abstention, English); none is tuned."""


def _posts(answer: Answer) -> list[dict[str, object]]:
    return [
        {"text": m.text, "blocks": m.blocks} for m in answer_messages(answer, log_id=answer.log_id)
    ]


def _check(answer: Answer) -> None:
    for post in _posts(answer):
        check_message(post)  # valid Block Kit; no «**», Markdown link or heading in mrkdwn


def test_real_answers_render_as_markdown_and_valid_mrkdwn(services: Services) -> None:
    with_markdown = 0
    for question in QUESTIONS:
        answer = services.answerer.answer(question, channel="slack", user_id="U1")
        _check(answer)
        (post,) = _posts(answer)
        markdown = [b for b in post["blocks"] if b["type"] == "markdown"]  # type: ignore[union-attr, index]
        assert "".join(b["text"] for b in markdown) == answer.text.strip()
        with_markdown += "**" in answer.text
    assert with_markdown  # the check above was exercised on bold Markdown


@pytest.mark.parametrize("entry", load_seed(), ids=lambda e: e.entry_id)
def test_every_seed_faq_answer_renders_without_raw_markdown(entry: object) -> None:
    answer = Answer(text=entry.answer, route="faq", log_id=7)  # type: ignore[attr-defined]
    _check(answer)
    result = blocks.faq_results("ficha", [(entry.entry_id, entry.question, entry.answer)])  # type: ignore[attr-defined]
    check_message({"blocks": result})
    mrkdwn = to_mrkdwn(entry.answer)  # type: ignore[attr-defined]
    listed = re.findall(r"(?m)^\s*(?:\d+\.|[-*]) ", entry.answer)  # type: ignore[attr-defined]
    assert len(re.findall(r"(?m)^\s*(?:\d+\.|•) ", mrkdwn)) == len(listed)  # lists kept


def test_markdown_becomes_mrkdwn_with_its_paragraphs_and_lists() -> None:
    text = (
        "La **ficha** se revisa en la [DER](https://dnp.gov.co).\n\n## Pasos\n\n"
        "1. **Registrar** la ficha.\n2. Esperar el _concepto_.\n\n- uno\n- dos & <tres>\n\nFin."
    )
    assert to_mrkdwn(text) == (
        "La *ficha* se revisa en la <https://dnp.gov.co|DER>.\n\n*Pasos*\n"
        "1. *Registrar* la ficha.\n2. Esperar el _concepto_.\n\n• uno\n• dos &amp; &lt;tres&gt;"
        "\n\nFin."
    )


def test_a_long_answer_is_split_between_paragraphs_and_nothing_is_lost() -> None:
    paragraphs = [f"Párrafo {n}: " + "palabra " * 150 for n in range(20)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    citation = Citation(source_id="p", section="Lineamiento 2 > Etapa 1", quote="La ficha…")
    answer = Answer(text=text, route="politica", citations=[citation], log_id=3)
    posts = _posts(answer)
    assert len(posts) == 3
    parts = [b["text"] for p in posts for b in p["blocks"] if b["type"] == "markdown"]  # type: ignore[union-attr, index]
    assert all(len(part) <= 12_000 for part in parts)
    assert "\n\n".join(parts).split() == text.split()  # every word, in order
    assert all(part.endswith("palabra") for part in parts)  # cut between paragraphs
    last = [b["type"] for b in posts[-1]["blocks"]]  # type: ignore[union-attr, index]
    assert last[-4:] == ["context", "context", "context_actions", "actions"]
    for post in posts:
        check_message(post)
        assert len(str(post["text"])) <= 3_000


def test_the_last_vote_shows_above_the_thumbs() -> None:
    answer = Answer(text="La **DER**.", route="politica", log_id=9)
    (post,) = _posts(answer)
    voted = answer_message.with_vote(post["blocks"], useful=False, user_id="U1")  # type: ignore[arg-type]
    kinds = [b["type"] for b in voted]
    assert kinds[-3:] == ["context", "context_actions", "actions"]
    assert "<@U1> :thumbsdown: marcó la respuesta como no útil." in mrkdwn_texts(voted)
    again = answer_message.with_vote(voted, useful=True, user_id="U2")
    votes = [t for t in mrkdwn_texts(again) if "marcó la respuesta" in t]
    assert votes == ["<@U2> :thumbsup: marcó la respuesta como útil."]
    check_message({"blocks": again})


def test_no_slack_text_names_a_cli_command() -> None:
    for module in (blocks, answer_message, assistant_thread):
        source = inspect.getsource(module)
        strings = re.findall(r'"([^"\n]*)"', source)
        assert not [s for s in strings if re.search(r"asistente [a-z]", s)], module.__name__
    # An unavailable service's message is written for administrators: Slack users get an apology.
    error = IndexNotReadyError(
        "El índice aún no existe; constrúyelo con «asistente indice construir»."
    )
    text = explanation(error, "abc123")
    assert "asistente " not in text and "abc123" in text


def test_raw_markdown_is_detected() -> None:
    # The payload check itself can fail.
    assert raw_markdown("**a**") and raw_markdown("[a](http://b)") and raw_markdown("# T")
    assert not raw_markdown("*a* <http://b|a> 1. x")


def test_a_source_shows_the_sentence_the_answer_used_not_its_neighbour() -> None:
    used = "Se potencia la presencialidad territorial al crear 6 grupos regionales."
    citation = Citation(
        source_id="p",
        section="Contexto",
        quote=f"Se amplía el nivel gerencial a 4 subdirecciones generales, {'x ' * 80}. {used}",
        sentences=[used],
    )
    answer = Answer(text=f"{used} [1]", route="politica", citations=[citation])
    (message,) = answer_messages(answer, log_id=None)
    sources = [b for b in message.blocks if b["type"] == "context"][0]
    assert sources["elements"][1]["text"] == f"*1.* _Contexto_ — «{used}»"
