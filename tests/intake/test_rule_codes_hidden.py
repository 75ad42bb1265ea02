"""People read a finding's sentence, never the rule's id: no reply of the intake, no report
and no document names a rule by its code (DER sees it only as a tooltip in the web)."""

from __future__ import annotations

import pytest

from intake import RulesEngine, export_markdown
from intake.conversation.machine import IntakeConversation
from tests.intake.factories import valid_ficha, with_fields
from tests.intake.test_conversation import HAPPY_ANSWERS, FakeAdvisor, Script

# Answers that raise errors and warnings of many rules on the way to a valid ficha.
TROUBLE = {
    "nombre": "Kit",
    "problema.enunciado": "No existe una guía para formular proyectos municipales",
    "problema.evidencia": "Muchos proyectos se devuelven",
    "vigencia": "dentro de poco",
    "cadena_valor.actividades": "Talleres de formulación",
    "cadena_valor.productos": "Revisar los proyectos antes de su radicación",
    "avance_diseno.modalidades": "capacitación, asesoría y acompañamiento",
}


@pytest.fixture
def rule_ids(engine: RulesEngine) -> list[str]:
    return [rule.id for rule in engine.config.rules]


def test_no_reply_of_a_troubled_conversation_names_a_rule(
    engine: RulesEngine, rule_ids: list[str]
) -> None:
    script = Script(IntakeConversation(engine=engine, advisor=FakeAdvisor(), current_year=2026))
    answers = dict(zip([*TROUBLE], [*TROUBLE.values()], strict=True))
    replies = [script.last.reply]
    for happy in HAPPY_ANSWERS:
        field = script.state.field
        if field in answers:
            replies.append(script.say(answers.pop(field)))
        replies.append(script.say(happy))
    replies += [script.say("enviar"), script.say("resumen")]
    said = "\n".join(replies)
    assert "✗" in said and "⚠" in said  # the rules did speak
    assert not [rule for rule in rule_ids if rule in said]


def test_the_report_and_the_document_name_no_rule(engine: RulesEngine, rule_ids: list[str]) -> None:
    ficha = with_fields(
        valid_ficha(),
        nombre="Kit",
        problema__enunciado="No existe una guía para formular proyectos municipales",
    )
    report = engine.validate(ficha)
    assert report.findings
    texts = [report.to_text(), export_markdown(ficha, report, config=engine.config)]
    for text in texts:
        named = [r for r in rule_ids if r in text and f"{r}:" not in text]  # skipped rules aside
        assert not named, named
