"""The problem-statement corpus: every verdict with its reason, and the rules' precision/recall.

`tests/intake/data/enunciados_problema.yaml` holds realistic statements (from the policy's Paso 2
and from how units write), each with the rule the policy says must fire and why. Cases the
rules get wrong are marked ``limitacion`` and still count in the scores that `make eval` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from intake import Ficha, RulesEngine
from intake.rules.rule_quality import (
    NO_RULE,
    StatementCase,
    fired_rules,
    format_scores,
    load_cases,
    score_rules,
)

CORPUS = Path(__file__).parent / "data" / "enunciados_problema.yaml"
CASES = load_cases(CORPUS)
STATEMENT_RULES = ("PROB-NEGATIVE", "PROB-OBJECTIVE")
CLEAR = [c for c in CASES if not c.limitation]


def test_the_corpus_is_large_and_every_case_has_a_reason() -> None:
    assert len(CASES) >= 60
    assert sum(c.rule == "PROB-NEGATIVE" for c in CASES) >= 20
    assert sum(c.rule == NO_RULE for c in CASES) >= 20
    assert all(c.reason for c in CASES)
    assert {c.rule for c in CASES} <= {NO_RULE, *STATEMENT_RULES}


@pytest.mark.parametrize("case", CLEAR, ids=lambda c: c.text[:50])
def test_each_clear_case_gets_the_policy_verdict(engine: RulesEngine, case: StatementCase) -> None:
    fired = fired_rules(engine, case.text) & set(STATEMENT_RULES)
    expected = set() if case.rule == NO_RULE else {case.rule}
    assert fired == expected, case.reason


def test_precision_and_recall_over_the_whole_corpus(engine: RulesEngine) -> None:
    scores = score_rules(engine, CASES, STATEMENT_RULES)
    print(format_scores(scores, len(CASES)))
    for score in scores:
        assert score.precision >= 0.9, score
        assert score.recall >= 0.9, score


def test_the_scores_count_mistakes(engine: RulesEngine) -> None:
    wrong = StatementCase("Mejorar la gestión fiscal de los municipios", NO_RULE, "prueba")
    (score,) = score_rules(engine, [wrong], ["PROB-OBJECTIVE"])
    assert (score.false_positives, score.precision) == (1, 0.0)


def test_an_objective_blocks_the_ficha_by_default(engine: RulesEngine) -> None:
    ficha = Ficha(problema={"enunciado": "Mejorar la ejecución de los recursos del SGR"})
    findings = engine.validate_field(ficha, "problema.enunciado")
    objective = [f for f in findings if f.rule_id == "PROB-OBJECTIVE"]
    assert objective and objective[0].is_error


@dataclass(frozen=True)
class Territorial:
    text: str
    names_entities: bool


TERRITORIAL = [
    Territorial("Baja ejecución de los recursos del SGR en los municipios de categoría 6", True),
    Territorial("Las gobernaciones reportan tarde la información presupuestal", True),
    Territorial("Alta rotación del personal de las secretarías de planeación", True),
    Territorial("Baja calidad de los datos del sistema de seguimiento", False),
    Territorial("Demoras en la aprobación de los documentos técnicos", False),
]


@pytest.mark.parametrize("case", TERRITORIAL, ids=lambda c: c.text[:40])
def test_paso_2_asks_whom_the_problem_affects(engine: RulesEngine, case: Territorial) -> None:
    fired = "PROB-TERRITORIAL" in fired_rules(engine, case.text)
    assert fired is not case.names_entities
