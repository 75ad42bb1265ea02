"""Every rule's data, not only its idea: cases generated from the shipped rules file.

`test_rules.py` shows one breaking and one passing ficha per rule. Here the cases come from the
file itself, so a phrase added to a word list, a value added to a closed list or a field added
to a multi-field rule adds a case:

* one case per phrase of every word list (``vocabularios``), placed in a sentence where the
  list's role says what must happen (an absence marker makes PROB-NEGATIVE fire, a causal
  connector keeps it quiet, a source satisfies PROB-EVIDENCE…);
* both sides of every numeric bound (word counts, characters, year range, list sizes, capitals);
* every field of every multi-field rule, broken alone;
* every value of every closed list, by code, by name, in capitals and without accents.

A few expectations cannot come from the file, because losing them from the file is the bug:
the realistic statements in `STATEMENTS` and the value chain of the ficha model
(`test_every_value_chain_list_is_required`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from intake import RulesEngine, Severity, load_rules
from intake.fields import FIELDS, FieldKind
from intake.normalization import strip_accents
from intake.rules.checks.patterns import ForbiddenPattern, RequiredPattern
from intake.rules.checks.presence import MinItems, Required
from intake.rules.checks.value_chain import Distinct
from intake.rules.checks.values import (
    Capitals,
    Email,
    Enumeration,
    MinLength,
    NumberRange,
    WordCount,
)
from intake.rules.rule_set import Rule
from tests.intake.factories import valid_ficha, with_field

RULES = load_rules()
"""The shipped file, read at collection time so that its data can name the cases."""


def _fired(engine: RulesEngine, rule_id: str, **fields: Any) -> list[tuple[str, int | None]]:
    """(field, item) of each finding of ``rule_id`` on the valid ficha with ``fields`` set."""
    ficha = valid_ficha()
    for field_id, value in fields.items():
        ficha = with_field(ficha, field_id, value)
    return [(f.field, f.item) for f in engine.validate(ficha).findings if f.rule_id == rule_id]


def _rules_of(check_type: type) -> list[Rule]:
    return [r for r in RULES.rules if isinstance(r.check, check_type)]


# --- Word lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    """What one word list does: the rule it feeds, the field, a sentence and the verdict.

    ``template`` receives the phrase; ``fires`` says whether ``rule`` must report it.
    """

    rule: str
    field: str
    template: str
    fires: bool


PROBLEM = "problema.enunciado"
EVIDENCE = "problema.evidencia"
ROLES: dict[str, list[Role]] = {
    # An absence marker in the middle of a sentence, then a solution: the solution's absence.
    "marcadores_ausencia": [
        Role("PROB-NEGATIVE", PROBLEM, "Los municipios {} una plataforma de seguimiento.", True),
        Role("PROB-NEGATIVE", PROBLEM, "Baja ejecución del SGR. {} una guía de formulación.", True),
    ],
    # Words between the marker and the solution.
    "acompanantes": [
        Role("PROB-NEGATIVE", PROBLEM, "Los municipios no cuentan con {} guía de proyectos.", True),
    ],
    "soluciones": [
        Role("PROB-NEGATIVE", PROBLEM, "Los municipios no cuentan con {} para formular.", True),
        Role("PROB-NEGATIVE", PROBLEM, "Falta de una {} en los municipios de categoría 6.", True),
    ],
    # A cause introduced by a connector does not make the main statement an absence.
    "conectores_causales": [
        Role(
            "PROB-NEGATIVE",
            PROBLEM,
            "Baja ejecución de los recursos del SGR {} la falta de una plataforma de seguimiento.",
            False,
        ),
    ],
    "enunciados_de_necesidad": [
        Role("PROB-NEGATIVE", PROBLEM, "{} revisar la gestión de los municipios.", True),
    ],
    "verbos_objetivo": [
        Role("PROB-OBJECTIVE", PROBLEM, "{} la gestión de los proyectos en los municipios.", True),
        Role("PROB-OBJECTIVE", PROBLEM, "Para {} la gestión de los proyectos.", True),
    ],
    # A scarcity adjective in front of a solution makes the solution's absence the problem.
    "cuantificadores_escasez": [
        Role(
            "PROB-NEGATIVE", PROBLEM, "{} asistencia técnica a los municipios de la región.", True
        ),
    ],
    # Naming who is affected satisfies Paso 2's «afecta la gestión de las entidades territoriales».
    "entidades_territoriales": [
        Role("PROB-TERRITORIAL", PROBLEM, "Baja ejecución de los recursos del SGR en {}.", False),
    ],
    "fuentes": [
        Role(
            "PROB-EVIDENCE", EVIDENCE, "Así lo muestra {} sobre los municipios de la región.", False
        ),
    ],
}
"""Role of each word list of the rules file; a new list needs an entry here."""

ELSEWHERE = {
    # NAME-DUPLICATE compares with the embedder and the stored portfolio, not one sentence.
    "palabras_genericas": "tests/intake/test_duplicates.py",
}
"""Word lists whose role is tested in another module (not a sentence of one field)."""


def slug(text: str) -> str:
    """An ASCII test id (mutmut passes ids back to pytest, which mangles other characters)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", strip_accents(text)).strip("_")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _vocabulary_cases() -> Iterator[Any]:
    for name, phrases in RULES.vocabularies.items():
        for role_number, role in enumerate(ROLES.get(name, [])):
            for phrase in phrases:
                text = _capitalized(role.template.format(phrase))
                yield pytest.param(role, text, id=slug(f"{name}-{role_number}-{phrase}"))


def test_every_word_list_has_a_role() -> None:
    missing = sorted(set(RULES.vocabularies) - set(ROLES) - set(ELSEWHERE))
    assert not missing, (
        f"Los vocabularios {missing} del archivo de reglas no tienen casos: agregue a ROLES "
        "qué regla alimentan y en qué oración."
    )


@pytest.mark.parametrize(("role", "text"), list(_vocabulary_cases()))
def test_every_phrase_of_every_word_list_does_its_job(
    engine: RulesEngine, role: Role, text: str
) -> None:
    found = _fired(engine, role.rule, **{role.field: text})
    expected = [(role.field, None)] if role.fires else []
    assert found == expected, f"{role.rule} con «{text}»"


@pytest.mark.parametrize(
    "phrase", list(RULES.vocabularies.get("marcadores_ausencia", ())), ids=slug
)
def test_absence_markers_match_with_accents_and_capitals(engine: RulesEngine, phrase: str) -> None:
    """The file is written without accents; people write with them and in capitals."""
    text = f"LOS MUNICIPIOS {phrase.upper()} UNA PLATAFORMA DE SEGUIMIENTO."
    assert _fired(engine, "PROB-NEGATIVE", **{PROBLEM: text}) == [(PROBLEM, None)]


STATEMENTS = [
    # (problem statement, PROB-NEGATIVE must fire) — realistic wording from units; these do
    # not come from the file because a phrase dropped from the file is exactly the bug.
    ("El municipio carece de una plataforma para el seguimiento de proyectos.", True),
    ("Los municipios carecen de herramientas de planeación.", True),
    ("Falta de una guía para la formulación de proyectos del SGR.", True),
    ("No existe un sistema de información de la inversión territorial.", True),
    ("No hay un tablero de control para los alcaldes.", True),
    ("Las entidades territoriales no cuentan con una metodología de costeo.", True),
    ("No se cuenta con asistencia técnica especializada para los municipios.", True),
    ("Inexistencia de un repositorio de buenas prácticas.", True),
    ("Ausencia de capacitación a los secretarios de planeación.", True),
    ("Se requiere una estrategia de acompañamiento a los municipios PDET.", True),
    ("Es necesario contar con un manual de seguimiento.", True),
    ("Hace falta un aplicativo para reportar la ejecución.", True),
    ("Los municipios no tienen un portal para consultar la oferta del DNP.", True),
    ("Baja ejecución de los recursos del SGR en los municipios de categoría 6.", False),
    ("Baja ejecución de los recursos del SGR por falta de asistencia técnica.", False),
    ("El 40 % de los proyectos se devuelven porque no existe una guía clara.", False),
    ("Los proyectos presentados tienen errores de formulación recurrentes.", False),
    (
        "Débil capacidad de los municipios para estructurar proyectos, debido a la falta de "
        "personal calificado.",
        False,
    ),
]


@pytest.mark.parametrize(
    ("text", "fires"), STATEMENTS, ids=[slug(" ".join(s[0].split()[:7])) for s in STATEMENTS]
)
def test_realistic_problem_statements(engine: RulesEngine, text: str, fires: bool) -> None:
    found = _fired(engine, "PROB-NEGATIVE", **{PROBLEM: text})
    assert found == ([(PROBLEM, None)] if fires else []), text


def test_prob_negative_quotes_the_absence_it_found(engine: RulesEngine) -> None:
    ficha = with_field(valid_ficha(), PROBLEM, "El municipio carece de una plataforma propia.")
    (finding,) = [f for f in engine.validate(ficha).findings if f.rule_id == "PROB-NEGATIVE"]
    assert "«carece de una plataforma»" in finding.message
    assert finding.severity is Severity.ERROR


# --- Numeric bounds ------------------------------------------------------------------------


def _text_of_words(count: int) -> str:
    return " ".join(f"palabra{chr(ord('a') + i % 26)}" for i in range(count))


def _bound_cases() -> Iterator[Any]:
    for rule in _rules_of(WordCount):
        check = rule.check
        assert isinstance(check, WordCount)
        for field_id in rule.fields:
            if check.minimum is not None:
                for count, outcome in ((check.minimum - 1, "corto"), (check.minimum, None)):
                    if count >= 1:
                        yield pytest.param(
                            rule, field_id, _text_of_words(count), outcome, id=f"{rule.id}-{count}"
                        )
            if check.maximum is not None:
                for count, outcome in ((check.maximum, None), (check.maximum + 1, "largo")):
                    yield pytest.param(
                        rule, field_id, _text_of_words(count), outcome, id=f"{rule.id}-{count}"
                    )
    for rule in _rules_of(MinLength):
        check = rule.check
        assert isinstance(check, MinLength)
        for field_id in rule.fields:
            for length, outcome in ((check.minimum - 1, "corto"), (check.minimum, None)):
                text = ("x" * (length - 1) + ".") if length else ""
                yield pytest.param(
                    rule, field_id, text, outcome, id=f"{rule.id}-{field_id}-{length}"
                )
    for rule in _rules_of(NumberRange):
        check = rule.check
        assert isinstance(check, NumberRange)
        for field_id in rule.fields:
            if check.minimum is not None:
                low = int(check.minimum)
                yield pytest.param(
                    rule, field_id, low - 1, "fuera_de_rango", id=f"{rule.id}-{low - 1}"
                )
                yield pytest.param(rule, field_id, low, None, id=f"{rule.id}-{low}")
            if check.maximum is not None:
                high = int(check.maximum)
                yield pytest.param(rule, field_id, high, None, id=f"{rule.id}-{high}")
                yield pytest.param(
                    rule, field_id, high + 1, "fuera_de_rango", id=f"{rule.id}-{high + 1}"
                )


def _severity_of(rule: Rule, outcome: str) -> Severity:
    return rule.severities.get(outcome, rule.severity)


@pytest.mark.parametrize(("rule", "field_id", "value", "outcome"), list(_bound_cases()))
def test_every_numeric_bound_on_both_sides(
    engine: RulesEngine, rule: Rule, field_id: str, value: Any, outcome: str | None
) -> None:
    if FIELDS[field_id].kind is FieldKind.LIST:
        value = [value]
    ficha = with_field(valid_ficha(), field_id, value)
    found = [f for f in engine.validate(ficha).findings if f.rule_id == rule.id]
    if outcome is None:
        assert found == [], [f.message for f in found]
        return
    assert [f.field for f in found] == [field_id]
    assert found[0].severity is _severity_of(rule, outcome)
    assert "{" not in found[0].message


def test_name_length_is_an_error_when_short_and_a_warning_when_long(engine: RulesEngine) -> None:
    """The severity per outcome is data too (``severidades``)."""
    (rule,) = [r for r in _rules_of(WordCount) if "nombre" in r.fields]
    assert isinstance(rule.check, WordCount) and rule.check.maximum and rule.check.minimum
    short = with_field(valid_ficha(), "nombre", _text_of_words(rule.check.minimum - 1))
    long = with_field(valid_ficha(), "nombre", _text_of_words(rule.check.maximum + 1))
    (too_short,) = [f for f in engine.validate(short).findings if f.rule_id == rule.id]
    (too_long,) = [f for f in engine.validate(long).findings if f.rule_id == rule.id]
    assert too_short.severity is Severity.ERROR and too_long.severity is Severity.WARNING
    assert f"{rule.check.maximum + 1} palabras" in too_long.message


def _capital_cases() -> Iterator[Any]:
    for rule in _rules_of(Capitals):
        check = rule.check
        assert isinstance(check, Capitals)
        for field_id in rule.fields:
            enough = "SG" + "R" * max(check.min_letters - 2, 0)
            few = enough[: check.min_letters - 1]
            yield pytest.param(rule, field_id, enough, True, id=f"{rule.id}-{len(enough)}")
            if few:
                yield pytest.param(rule, field_id, few + " 2026", False, id=f"{rule.id}-{len(few)}")
            yield pytest.param(
                rule, field_id, enough + " de Regalías", False, id=f"{rule.id}-mixto"
            )


@pytest.mark.parametrize(("rule", "field_id", "text", "fires"), list(_capital_cases()))
def test_capitals_bound(
    engine: RulesEngine, rule: Rule, field_id: str, text: str, fires: bool
) -> None:
    value: Any = [text] if FIELDS[field_id].kind is FieldKind.LIST else text
    found = _fired(engine, rule.id, **{field_id: value})
    assert bool(found) is fires, text


# --- Multi-field rules, one field at a time --------------------------------------------------

BREAKERS: dict[type, Callable[[Rule, str], Any]] = {
    Required: lambda rule, field_id: [] if FIELDS[field_id].kind is FieldKind.LIST else None,
    MinItems: lambda rule, field_id: [],
    MinLength: lambda rule, field_id: "Muy corto.",
    Distinct: lambda rule, field_id: list(valid_ficha().cadena_valor.productos[:1]),
}
"""How to break one field for each check type used by a rule with several fields."""


def _multi_field_cases() -> Iterator[Any]:
    for rule in RULES.rules:
        if len(rule.fields) < 2:
            continue
        if type(rule.check) not in BREAKERS:
            continue
        for field_id in rule.fields:
            yield pytest.param(rule, field_id, id=f"{rule.id}-{field_id}")


def test_every_multi_field_rule_has_a_breaker() -> None:
    missing = sorted(
        f"{r.id} ({r.check_type})"
        for r in RULES.rules
        if len(r.fields) > 1 and type(r.check) not in BREAKERS and not r.check.uses_index
    )
    assert not missing, f"Reglas de varios campos sin caso generado: {missing}; agregue BREAKERS."


@pytest.mark.parametrize(("rule", "field_id"), list(_multi_field_cases()))
def test_every_field_of_a_multi_field_rule_is_checked(
    engine: RulesEngine, rule: Rule, field_id: str
) -> None:
    value = BREAKERS[type(rule.check)](rule, field_id)
    found = _fired(engine, rule.id, **{field_id: value})
    assert [f for f, _ in found] == [field_id], f"{rule.id} no revisa «{field_id}»"


def test_every_value_chain_list_is_required(engine: RulesEngine) -> None:
    """The value chain comes from the ficha model, not from the rules file: a list dropped
    from the rule's fields would leave an incomplete chain submittable."""
    chain = [f for f in FIELDS if f.startswith("cadena_valor.")]
    assert _all_lists(chain)
    assert len(chain) == 6
    for field_id in chain:
        ficha = with_field(valid_ficha(), field_id, [])
        report = engine.validate(ficha)
        errors = [f for f in report.errors if f.field == field_id]
        assert errors, f"una cadena de valor sin «{field_id}» pasa la validación"
        assert not report.ok


def _all_lists(field_ids: list[str]) -> bool:
    return all(FIELDS[f].kind is FieldKind.LIST for f in field_ids)


# --- Closed lists ----------------------------------------------------------------------------


def _list_value_cases() -> Iterator[Any]:
    for rule in _rules_of(Enumeration):
        check = rule.check
        assert isinstance(check, Enumeration)
        field_id = rule.fields[0]
        for item in check.values.items:
            for written in {item.code, item.name, item.name.upper(), strip_accents(item.name)}:
                yield pytest.param(rule, field_id, written, id=slug(f"{rule.id}-{written}"))


@pytest.mark.parametrize(("rule", "field_id", "written"), list(_list_value_cases()))
def test_every_value_of_every_closed_list_is_accepted(
    engine: RulesEngine, rule: Rule, field_id: str, written: str
) -> None:
    value: Any = [written] if FIELDS[field_id].kind is FieldKind.LIST else written
    assert _fired(engine, rule.id, **{field_id: value}) == []


@pytest.mark.parametrize("rule", _rules_of(Enumeration), ids=lambda r: r.id)
def test_a_value_outside_each_closed_list_is_refused_at_its_position(
    engine: RulesEngine, rule: Rule
) -> None:
    check = rule.check
    assert isinstance(check, Enumeration)
    field_id = rule.fields[0]
    first = check.values.items[0].code
    if FIELDS[field_id].kind is FieldKind.LIST:
        found = _fired(engine, rule.id, **{field_id: [first, "Valor inventado"]})
        assert found == [(field_id, 1)]
    else:
        found = _fired(engine, rule.id, **{field_id: "Valor inventado"})
        assert found == [(field_id, None)]


@pytest.mark.parametrize(
    "rule", [r for r in _rules_of(Enumeration) if r.check.minimum], ids=lambda r: r.id
)
def test_a_closed_list_minimum_on_both_sides(engine: RulesEngine, rule: Rule) -> None:
    check = rule.check
    assert isinstance(check, Enumeration)
    field_id = rule.fields[0]
    values = [item.code for item in check.values.items][: check.minimum]
    assert _fired(engine, rule.id, **{field_id: values}) == []
    assert _fired(engine, rule.id, **{field_id: values[:-1]}) == [(field_id, None)]


# --- E-mail and required patterns ---------------------------------------------------------

ADDRESSES = [
    ("cmendez@dnp.gov.co", True),
    ("c.mendez+att@dnp.gov.co", True),
    ("CMENDEZ@DNP.GOV.CO", True),
    ("  cmendez@dnp.gov.co  ", True),
    ("carolina_mendez-2@sub.dominio.co", True),
    ("Carolina Mendez cmendez@dnp.gov.co", False),
    ("c mendez@dnp.gov.co", False),
    ("cmendez@dnp.gov.co extra", False),
    ("<cmendez@dnp.gov.co>", False),
    ("cmendez@dnp", False),
    ("cmendez@dnp.c", False),
    ("cmendez@@dnp.gov.co", False),
    ("cmendez@-dnp.gov.co", False),
    ("cmendez@dnp-.gov.co", False),
    ("@dnp.gov.co", False),
    ("cmendez dnp.gov.co", False),
    ("cmendez@dnp..gov.co", False),
    ("cmendez@dnp.gov.c0", False),
]


@pytest.mark.parametrize("rule", _rules_of(Email), ids=lambda r: r.id)
@pytest.mark.parametrize(("address", "valid"), ADDRESSES, ids=[slug(a) for a, _ in ADDRESSES])
def test_email_rules(engine: RulesEngine, rule: Rule, address: str, valid: bool) -> None:
    field_id = rule.fields[0]
    found = _fired(engine, rule.id, **{field_id: address})
    assert (found == []) is valid, address


REQUIRED_EXAMPLES: dict[str, tuple[str, tuple[str, ...]]] = {
    # A digit, a percent sign or a source: any one is enough, none is a warning.
    "PROB-EVIDENCE": (
        "Lo dicen en las reuniones con alcaldes",
        ("Son 7 de cada diez", "Cerca del noventa %"),
    ),
    # Who the problem affects: an entity of the territory, by any of its names.
    "PROB-TERRITORIAL": (
        "Baja ejecución de los proyectos de inversión por falta de seguimiento.",
        ("Baja ejecución de los recursos del SGR en los municipios de categoría 6.",),
    ),
}
"""Per required-pattern rule: a text without any pattern, and texts that satisfy it."""


def test_every_required_pattern_rule_has_examples() -> None:
    missing = sorted({r.id for r in _rules_of(RequiredPattern)} - set(REQUIRED_EXAMPLES))
    assert not missing, f"Reglas de patrón requerido sin ejemplos en REQUIRED_EXAMPLES: {missing}"


@pytest.mark.parametrize("rule", _rules_of(RequiredPattern), ids=lambda r: r.id)
def test_each_required_pattern_alone_satisfies_the_rule(engine: RulesEngine, rule: Rule) -> None:
    field_id = rule.fields[0]
    absent, satisfying = REQUIRED_EXAMPLES[rule.id]
    assert _fired(engine, rule.id, **{field_id: absent}) == [(field_id, None)]
    for text in satisfying:
        assert _fired(engine, rule.id, **{field_id: text}) == [], text


@pytest.mark.parametrize("rule", _rules_of(ForbiddenPattern), ids=lambda r: r.id)
def test_forbidden_patterns_leave_the_example_fichas_alone(engine: RulesEngine, rule: Rule) -> None:
    from intake import load_examples

    for name, ficha in load_examples().items():
        found = [f for f in engine.validate(ficha).findings if f.rule_id == rule.id]
        assert found == [], (name, [f.message for f in found])
