"""The abstention policy at its exact boundaries, and the evidence it reads (no index needed).

`test_quality_gates.py` measures abstention on 82 real questions; this pins each threshold
on both sides, so a changed comparison or constant fails here in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.answering.abstention import AbstentionPolicy, Evidence, unknown_names
from knowledge import Chunk, SearchHit, content_stems

POLICY = AbstentionPolicy()


@dataclass(frozen=True)
class Case:
    """Evidence and whether the calibrated policy abstains."""

    note: str
    evidence: Evidence
    abstains: bool


def _evidence(
    dense: float, faq: float, unknown: float = 0.0, numbers: tuple[str, ...] = ()
) -> Evidence:
    return Evidence(
        top_dense=dense, faq_similarity=faq, unknown_ratio=unknown, unknown_numbers=numbers
    )


LIMIT = POLICY.min_closeness
CASES = [
    Case("justo_en_el_umbral", _evidence(LIMIT / 2, LIMIT / 2), False),
    Case("apenas_debajo", _evidence(LIMIT / 2, LIMIT / 2 - 0.001), True),
    Case("apenas_encima", _evidence(LIMIT / 2, LIMIT / 2 + 0.001), False),
    Case(
        "palabras_desconocidas_en_el_limite", _evidence(0.95, 0.95, POLICY.max_unknown_ratio), True
    ),
    Case(
        "palabras_desconocidas_debajo",
        _evidence(0.95, 0.95, POLICY.max_unknown_ratio - 0.01),
        False,
    ),
    Case("numero_que_la_politica_no_nombra", _evidence(0.95, 0.95, 0.0, ("2042",)), True),
    # a quarter of the words unknown: the closeness needed rises by a quarter of the penalty
    Case(
        "un_cuarto_desconocido_justo",
        _evidence(LIMIT / 2, LIMIT / 2 + POLICY.unknown_penalty / 4, 0.25),
        False,
    ),
    Case(
        "un_cuarto_desconocido_apenas_debajo",
        _evidence(LIMIT / 2, LIMIT / 2 + POLICY.unknown_penalty / 4 - 0.001, 0.25),
        True,
    ),
    Case("sin_evidencia", _evidence(0.0, 0.0), True),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.note)
def test_the_policy_abstains_exactly_past_each_threshold(case: Case) -> None:
    assert POLICY.should_abstain(case.evidence) is case.abstains


def test_the_calibrated_thresholds() -> None:
    """Chosen on 80 questions (module docstring, README): a change must be measured again."""
    assert POLICY.min_closeness == 1.725
    assert POLICY.max_unknown_ratio == 0.5
    assert POLICY.unknown_penalty == 0.06


@pytest.mark.parametrize(
    ("closeness", "confidence"),
    [(1.65, 0.0), (1.6, 0.0), (1.775, 0.5), (1.9, 1.0), (2.0, 1.0), (1.7, 0.2)],
)
def test_confidence_is_the_closeness_scaled_between_1_65_and_1_9(
    closeness: float, confidence: float
) -> None:
    evidence = _evidence(closeness / 2, closeness / 2)
    assert evidence.closeness == pytest.approx(closeness)
    assert evidence.confidence == pytest.approx(confidence, abs=0.001)


def _hit(text: str, dense: float | None) -> SearchHit:
    return SearchHit(Chunk("c", "p", "Lineamiento 2", text, 0, len(text)), 1.0, dense_score=dense)


def test_evidence_reads_the_best_passage_the_faq_and_the_unknown_words() -> None:
    question = "¿Qué metas fija el plan 2042 para la asistencia técnica territorial?"
    stems = set(content_stems(question))
    known = stems - set(content_stems("plan 2042"))
    hits = [_hit("a", 0.81), _hit("b", None), _hit("c", 0.86)]
    evidence = Evidence.gather(question, hits, known, 0.9)
    assert evidence.top_dense == 0.86 and evidence.faq_similarity == 0.9
    assert evidence.unknown_ratio == pytest.approx(2 / len(stems))
    assert evidence.unknown_numbers == ("2042",)


def test_without_faq_entries_the_passage_similarity_counts_twice() -> None:
    evidence = Evidence.gather("asistencia técnica", [_hit("a", 0.8)], set(), None)
    assert evidence.faq_similarity == 0.8 == evidence.top_dense
    assert evidence.unknown_ratio == 1.0 and evidence.unknown_numbers == ()


def test_short_known_or_two_digit_numbers_are_not_unknown_numbers() -> None:
    question = "¿Qué dice la Resolución 1421 sobre los 12 meses, el artículo 567 y el año 2042?"
    vocabulary = set(content_stems("resolución 1421 dice meses año artículo"))
    evidence = Evidence.gather(question, [_hit("a", 0.9)], vocabulary, 0.9)
    assert evidence.unknown_numbers == ("2042", "567")
    assert Evidence.gather("", [], set(), None) == Evidence(0.0, 0.0, 0.0, ())


def _repair(text: str) -> str:
    """A typo repair that knows one word: «Politca» is «politica»."""
    return text.replace("Politca", "politica")


VOCABULARY = set(content_stems("política Colombia departamento Nación planeación"))


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("¿Cuál es la política de Chile?", ("Chile",)),
        ("¿Qué dice la política sobre Colombia?", ()),  # the index names it
        ("Chile tiene una política parecida", ()),  # the first word is not a name
        ("¿Qué dice la Politca del departamento?", ()),  # a typo of an indexed word
        ("¿Cómo lo hacen Perú y Ecuador?", ("Perú", "Ecuador")),
        ("¿Lo dice la Politca para Chile?", ("Chile",)),  # a typo does not hide what follows
        ("¿Qué es el PND?", ()),  # all capitals: an acronym, not a name
    ],
)
def test_unknown_names_are_capitalised_words_the_index_never_names(
    question: str, names: tuple[str, ...]
) -> None:
    assert unknown_names(question, VOCABULARY, _repair) == names


def test_a_name_the_policy_never_mentions_is_enough_to_abstain() -> None:
    close = _evidence(0.95, 0.95)
    assert not POLICY.should_abstain(close)
    named = close.with_names(("Chile",))
    assert named.unknown_names == ("Chile",)
    assert (named.top_dense, named.faq_similarity) == (0.95, 0.95)
    assert POLICY.should_abstain(named)
