"""Pattern checks built directly from parameters: word-list expansion, quoting, blank items.

The rules-data tests run the shipped rules; these build `patron_prohibido`/`patron_requerido`
from small parameter sets so the behaviour DER relies on when editing word lists (longest
phrase quoted, spaces and accents folded, a broken pattern refused with its name) is checked
on its own.
"""

from __future__ import annotations

import pytest

from intake.fields import field_spec
from intake.rules.checks.base import CheckEnv, Hit, RunContext, text_hash
from intake.rules.checks.patterns import (
    ForbiddenPattern,
    RequiredPattern,
    compile_pattern,
    vocabulary_regex,
)
from tests.intake.factories import valid_ficha, with_field

STATEMENT = "problema.enunciado"
ACTIVITIES = "cadena_valor.actividades"
ABSENCE = ("falta de", "falta de una", "  ", "ausencia de")


def _forbidden(*patterns: str, **vocabularies: tuple[str, ...]) -> ForbiddenPattern:
    return ForbiddenPattern.build({"patrones": list(patterns)}, CheckEnv(vocabularies=vocabularies))


def _required(*patterns: str, **vocabularies: tuple[str, ...]) -> RequiredPattern:
    return RequiredPattern.build({"patrones": list(patterns)}, CheckEnv(vocabularies=vocabularies))


def test_a_word_list_matches_the_longest_phrase_first() -> None:
    check = _forbidden("{{ausencia}}", ausencia=ABSENCE)
    assert check.first_match("Hay falta de una guía de estructuración") == "falta de una"
    assert check.first_match("Hay falta de recursos") == "falta de"


def test_a_word_list_is_an_alternation_of_escaped_phrases_longest_first() -> None:
    assert vocabulary_regex(["a b", "p. ej.", "", "a"]) == r"(?:p\.\s+ej\.|a\s+b|a)"
    # by length, not by alphabet
    assert vocabulary_regex(["zona", "ausencia de"]) == r"(?:ausencia\s+de|zona)"


def test_spaces_case_and_accents_of_a_phrase_are_folded() -> None:
    check = _forbidden("{{ausencia}}", ausencia=("Carencia  DE",))
    assert check.first_match("Existe   CARENCIA   de recursos") == "CARENCIA de"
    accented = _forbidden("{{ausencia}}", ausencia=("inexistencia de guía",))
    assert accented.first_match("Inexistencia de guia técnica") == "Inexistencia de guia"


def test_a_phrase_with_regex_characters_matches_only_literally() -> None:
    check = _forbidden("{{marcas}}", marcas=("p. ej.",))
    assert check.first_match("por ejemplo, p. ej. el FUT") == "p. ej."
    assert check.first_match("pxxej, sin abreviatura") is None


def test_a_pattern_is_case_and_accent_insensitive() -> None:
    pattern = compile_pattern(r"\bgestión\b", {})
    assert pattern.search("la gestion territorial")
    assert pattern.search("LA GESTION")


def test_an_unknown_word_list_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError) as raised:
        compile_pattern("{{ausencias}}", {"soluciones": ("guía",), "fuentes": ("FUT",)})
    assert str(raised.value) == (
        "el patrón usa {{ausencias}}, que no está en «vocabularios» (hay: fuentes, soluciones)"
    )
    with pytest.raises(ValueError) as none:
        compile_pattern("{{ausencias}}", {})
    assert str(none.value).endswith("(hay: ninguno)")


def test_an_empty_word_list_is_refused() -> None:
    with pytest.raises(ValueError, match="^el vocabulario «vacio» está vacío$"):
        compile_pattern("{{ vacio }}", {"vacio": ("", "  ")})


def test_an_invalid_regular_expression_is_refused_quoting_it() -> None:
    with pytest.raises(ValueError) as raised:
        compile_pattern("(sin cerrar", {})
    assert str(raised.value).startswith(
        "expresión regular no válida «(sin cerrar» (detalle técnico: "
    )
    with pytest.raises(ValueError, match="patrones"):
        ForbiddenPattern.build({"patrones": []}, CheckEnv())


def test_the_named_group_is_quoted_instead_of_the_whole_match() -> None:
    check = _forbidden(r"^\W*(?:para\s+)?(?P<fragmento>fortalecer)\b", r"desarrollar")
    assert check.first_match("Para fortalecer la gestión") == "fortalecer"
    assert check.first_match("Se busca desarrollar capacidades") == "desarrollar"
    assert check.first_match("Baja ejecución de recursos") is None


def test_a_forbidden_pattern_reports_each_matching_item_with_its_fragment() -> None:
    check = _forbidden("{{ausencia}}", ausencia=ABSENCE)
    items = ["Realizar talleres", "Suplir la falta de una guía", "Corregir la ausencia de datos"]
    ficha = with_field(valid_ficha(), ACTIVITIES, items)
    hits = list(check.run([field_spec(ACTIVITIES)], ficha, RunContext()))
    assert hits == [
        Hit(
            ACTIVITIES, "coincide", 1, items[1], {"fragmento": "falta de una"}, text_hash(items[1])
        ),
        Hit(ACTIVITIES, "coincide", 2, items[2], {"fragmento": "ausencia de"}, text_hash(items[2])),
    ]
    assert check.outcomes() == ("coincide",)


def test_a_single_text_hit_has_no_position() -> None:
    check = _forbidden("{{ausencia}}", ausencia=ABSENCE)
    ficha = with_field(valid_ficha(), STATEMENT, "Falta de una guía")
    hits = list(check.run([field_spec(STATEMENT)], ficha, RunContext()))
    assert hits == [
        Hit(STATEMENT, "coincide", None, "Falta de una guía", {"fragmento": "Falta de una"})
    ]


def test_a_required_pattern_reports_only_texts_that_match_no_pattern() -> None:
    check = _required(r"\d", "{{fuentes}}", fuentes=("FUT", "SIIF Nación"))
    items = ["El 40 % de los municipios", "Según el siif   nacion", "Muchos municipios", "  "]
    ficha = with_field(valid_ficha(), ACTIVITIES, items)
    hits = list(check.run([field_spec(ACTIVITIES)], ficha, RunContext()))
    assert hits == [Hit(ACTIVITIES, "sin_coincidencia", 2, items[2], {}, text_hash(items[2]))]
    assert check.outcomes() == ("sin_coincidencia",)


def test_a_blank_text_is_neither_quoted_nor_required() -> None:
    ficha = with_field(valid_ficha(), STATEMENT, "   ")
    spec = [field_spec(STATEMENT)]
    assert list(_required(r"\d").run(spec, ficha, RunContext())) == []
    assert list(_forbidden(r".").run(spec, ficha, RunContext())) == []
