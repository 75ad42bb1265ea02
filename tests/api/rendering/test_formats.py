"""One answer, three formats: Slack (Block Kit), the web (HTML) and the terminal (text)."""

from __future__ import annotations

import re

import pytest

from api.rendering.html import answer_html
from api.rendering.markdown_text import to_mrkdwn, to_plain_text
from api.rendering.slack import answer_messages
from api.rendering.sources import answer_sources, short_section
from api.rendering.terminal import answer_text
from assistant.answering.answer import Answer, Citation, PassageView
from assistant.wiring import Services
from tests.api.slack.payloads import check_message

MARKDOWN = (
    "La **ficha de pre-diseño** resume la propuesta [1].\n\n"
    "Sus partes:\n\n- el *problema* [1]\n- la cadena de valor [2]\n\n"
    "Más en [la guía](https://www.dnp.gov.co/guia)."
)


def _answer(**changes: object) -> Answer:
    values: dict[str, object] = {
        "text": MARKDOWN,
        "route": "politica",
        "citations": [
            Citation(source_id="p1", section="3.1 Ficha <de> pre-diseño", quote="La ficha…"),
            Citation(source_id="p2", section="3.2 Cadena de valor", quote="Insumos & productos"),
        ],
        "confidence": 0.8,
        "log_id": 5,
    }
    values.update(changes)
    return Answer.model_validate(values)


def _slack_text(answer: Answer) -> str:
    return str([m.blocks for m in answer_messages(answer, log_id=answer.log_id)])


def test_every_format_lists_the_same_numbered_sources() -> None:
    answer = _answer()
    html, text, slack = str(answer_html(answer)), answer_text(answer), _slack_text(answer)
    for source in answer_sources(answer):
        assert f"[{source.number}] {source.section}" in text
        assert f'<span class="num">[{source.number}]</span>' in html
        assert f"*{source.number}.* _" in slack
    assert "3.1 Ficha &lt;de&gt; pre-diseño" in html and "Insumos &amp; productos" in html
    assert "Texto de la política" in html and "Texto de la política" in text
    assert "Texto de la política" in slack


def test_the_terminal_shows_markdown_without_its_marks() -> None:
    text = answer_text(_answer(notice="Respondo en español."))
    assert "**" not in text and "*problema*" not in text
    assert "La ficha de pre-diseño resume la propuesta [1]." in text
    assert "• el problema [1]\n• la cadena de valor [2]" in text  # the list stays a list
    assert "la guía (https://www.dnp.gov.co/guia)" in text
    assert text.startswith("(Respondo en español.)")
    assert "politica" not in text  # the route's label, never its value


def test_the_web_renders_the_markdown_as_html_and_escapes_the_rest() -> None:
    html = str(answer_html(_answer(notice="<b>nota</b>")))
    assert "<strong>ficha de pre-diseño</strong>" in html and "<li>el <em>problema</em>" in html
    assert "&lt;b&gt;nota&lt;/b&gt;" in html and "<b>" not in html
    assert 'class="insignia ruta-politica"' in html


def test_an_abstention_lists_the_nearest_sections_in_every_format() -> None:
    passages = [
        PassageView(source_id="p9", section="5. Seguimiento", text="El DNP…", score=0.3),
        PassageView(source_id="p1", section="Introducción", text="La política…", score=0.2),
        PassageView(source_id="p8", section="5. Seguimiento", text="Otro pasaje", score=0.1),
    ]
    answer = _answer(citations=[], passages=passages, abstained=True, route="ninguna")
    text = answer_text(answer)
    assert "Secciones más cercanas:\n  [1] 5. Seguimiento\n  [2] Introducción\n\n" in text
    assert "Secciones más cercanas</h2>" in str(answer_html(answer))
    assert "*Secciones más cercanas*" in _slack_text(answer)


def test_an_answer_without_sources_shows_none() -> None:
    answer = _answer(citations=[], route="faq")
    assert "Fuentes" not in answer_text(answer)
    assert "Fuentes" not in str(answer_html(answer))
    assert "Fuentes" not in _slack_text(answer)


class _WiderAnswer(Answer):
    """An answer with a field another part of the product may add."""

    follow_ups: list[str] = []


def test_renderers_ignore_fields_they_do_not_know() -> None:
    answer = _WiderAnswer.model_validate({**_answer().model_dump(), "follow_ups": ["¿Y?"]})
    assert answer_text(answer) == answer_text(_answer())
    assert answer_html(answer) == answer_html(_answer())
    assert _slack_text(answer) == _slack_text(_answer())


def test_plain_text_and_mrkdwn_walk_the_same_structure() -> None:
    markdown = "# Título\n\n1. **uno**\n2. `dos`\n\n> cita\n\n```\nbloque\n```"
    assert to_plain_text(markdown) == "Título\n1. uno\n2. dos\n\n> cita\n\nbloque"
    assert to_mrkdwn(markdown) == "*Título*\n1. *uno*\n2. `dos`\n\n> cita\n\n```bloque```"


def test_real_answers_render_in_all_three_formats(policy_services: Services) -> None:
    questions = [
        "¿Qué es la ficha de pre-diseño?",
        "¿Cuáles son las etapas de la asistencia técnica territorial?",
        "¿Cuál es el precio del dólar hoy?",
    ]
    for question in questions:
        answer = policy_services.answerer.answer(question, channel="prueba")
        text, html = answer_text(answer), str(answer_html(answer))
        for message in answer_messages(answer, log_id=answer.log_id):
            check_message({"text": message.text, "blocks": message.blocks})
        assert "**" not in text and not re.search(r"(?m)^#{1,6} ", text)
        assert "**" not in html
        for source in answer_sources(answer):
            assert f"[{source.number}] {source.section}" in text


@pytest.mark.parametrize(
    ("section", "limit", "shown"),
    [
        ("Lineamiento 2 > Etapa 3", 150, "Lineamiento 2 > Etapa 3"),
        (
            "Lineamiento 2 > 2.2 Lógica de trabajo > 2.2.3 Paso a paso > Etapa 3: Operación > "
            "Paso 3: Activar la llegada",
            70,
            "Lineamiento 2 > … > Etapa 3: Operación > Paso 3: Activar la llegada",
        ),
        (
            "Lineamiento 2 > 2.2 Lógica de trabajo > Paso 3: Activar la llegada a territorio",
            30,
            "Paso 3: Activar la llegada a…",
        ),
    ],
)
def test_a_long_breadcrumb_keeps_its_first_level_and_its_section(
    section: str, limit: int, shown: str
) -> None:
    assert short_section(section, limit) == shown
    assert len(shown) <= limit
