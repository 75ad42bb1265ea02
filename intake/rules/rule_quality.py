"""How far DER can trust the problem-statement rules: precision and recall on a corpus.

The corpus is a YAML file of realistic problem statements (Paso 2), each with the rule the
policy says it must trigger (or ``ninguna``) and a one-line reason; cases the current rules get
wrong carry a ``limitacion`` and still count. ``make eval`` prints the table::

    asistente ficha evaluar-reglas tests/intake/data/enunciados_problema.yaml
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from intake.ficha import Ficha, Problema
from intake.rules.engine import RulesEngine

NO_RULE = "ninguna"
"""The verdict of a statement that must pass every rule."""

STATEMENT_FIELD = "problema.enunciado"


@dataclass(frozen=True)
class StatementCase:
    """One statement of the corpus.

    Attributes:
        text: The problem statement as a unit would write it.
        rule: The rule that must fire (``"ninguna"``: none).
        reason: Why, in one line.
        limitation: Why the current rules miss it, when they do (the case still counts).
    """

    text: str
    rule: str
    reason: str
    limitation: str = ""


@dataclass(frozen=True)
class RuleScore:
    """Confusion counts of one rule over the corpus."""

    rule_id: str
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def precision(self) -> float:
        """Of the statements the rule flags, the share it should flag (1.0 when none)."""
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Of the statements it should flag, the share it flags (1.0 when none)."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def load_cases(path: str | Path) -> list[StatementCase]:
    """The cases of a corpus file (``casos: [{texto, regla, razon, limitacion?}]``).

    Raises:
        ValueError: A case without text, rule or reason.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    cases = []
    for number, raw in enumerate(data.get("casos") or [], start=1):
        if not all(str(raw.get(k) or "").strip() for k in ("texto", "regla", "razon")):
            raise ValueError(f"El caso {number} necesita «texto», «regla» y «razon».")
        cases.append(
            StatementCase(
                text=str(raw["texto"]).strip(),
                rule=str(raw["regla"]).strip(),
                reason=str(raw["razon"]).strip(),
                limitation=str(raw.get("limitacion") or "").strip(),
            )
        )
    return cases


def fired_rules(engine: RulesEngine, text: str) -> set[str]:
    """The rules that report on ``text`` as a problem statement."""
    ficha = Ficha(problema=Problema(enunciado=text))
    findings = engine.validate_field(ficha, STATEMENT_FIELD)
    return {f.rule_id for f in findings if f.field == STATEMENT_FIELD}


def score_rules(
    engine: RulesEngine, cases: Sequence[StatementCase], rule_ids: Iterable[str]
) -> list[RuleScore]:
    """Precision and recall of each rule in ``rule_ids`` over ``cases``."""
    fired = [fired_rules(engine, case.text) for case in cases]
    scores = []
    for rule_id in rule_ids:
        tp = fp = fn = tn = 0
        for case, rules in zip(cases, fired, strict=True):
            expected, got = case.rule == rule_id, rule_id in rules
            tp += expected and got
            fp += got and not expected
            fn += expected and not got
            tn += not expected and not got
        scores.append(RuleScore(rule_id, tp, fp, fn, tn))
    return scores


def format_scores(scores: Sequence[RuleScore], cases: int) -> str:
    """The table ``make eval`` prints (Spanish)."""
    lines = [f"Reglas del enunciado del problema sobre {cases} enunciados:"]
    for s in scores:
        lines.append(
            f"  {s.rule_id:<15} precisión {s.precision:.2f}  exhaustividad {s.recall:.2f}  "
            f"(VP {s.true_positives}, FP {s.false_positives}, FN {s.false_negatives}, "
            f"VN {s.true_negatives})"
        )
    return "\n".join(lines)


__all__ = [
    "NO_RULE",
    "RuleScore",
    "StatementCase",
    "fired_rules",
    "format_scores",
    "load_cases",
    "score_rules",
]
