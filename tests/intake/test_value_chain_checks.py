"""Value-chain wording checks built from parameters: verbs, nouns and near-copies.

A unit reads these findings while filling Paso 4, so the word classes (infinitive, gerund,
exception), the similarity threshold (inclusive) and the quoted near-copy must be exact.
"""

from __future__ import annotations

import pytest

from intake.fields import field_spec
from intake.rules.checks.base import CheckEnv, Hit, RunContext, text_hash
from intake.rules.checks.value_chain import (
    Distinct,
    InfinitiveStart,
    NounStart,
    is_action,
    is_infinitive,
    similarity,
)
from tests.intake.factories import valid_ficha, with_fields

ACTIVITIES = "cadena_valor.actividades"
PRODUCTS = "cadena_valor.productos"
IMPACTS = "cadena_valor.impactos"
RESULTS = "cadena_valor.resultados_intermedios"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("realizar", True),
        ("ver", True),  # the shortest infinitive (three letters)
        ("ir", False),  # two letters: too short to tell
        ("ar", False),
        ("realizarlo", True),
        ("acompanarles", True),
        ("reunirse", True),
        ("capacitacion", False),
        ("taller", False),  # exception
        ("", False),
    ],
)
def test_infinitives(word: str, expected: bool) -> None:
    assert is_infinitive(word, frozenset({"taller"})) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("realizando", True),
        ("construyendo", True),
        ("atendiendolos", True),
        ("haciendose", True),
        ("ando", False),  # no stem before the ending
        ("xando", False),  # a one-letter stem is not a verb
        ("fernando", False),  # exception
        ("servicio", False),
        ("disenar", True),  # infinitives are actions too
        ("taller", False),
    ],
)
def test_actions(word: str, expected: bool) -> None:
    assert is_action(word, frozenset({"fernando", "taller"})) is expected


def test_activities_must_start_with_an_infinitive_naming_the_first_word() -> None:
    check = InfinitiveStart.build({"excepciones": ["Taller"]}, CheckEnv())
    items = ["1. Realizar mesas técnicas", "Taller de formulación", "- Capacitación a alcaldías"]
    ficha = with_fields(valid_ficha(), cadena_valor__actividades=items)
    hits = list(check.run([field_spec(ACTIVITIES)], ficha, RunContext()))
    assert hits == [
        Hit(
            ACTIVITIES, "sin_verbo", 1, items[1], {"primera_palabra": "taller"}, text_hash(items[1])
        ),
        Hit(
            ACTIVITIES,
            "sin_verbo",
            2,
            items[2],
            {"primera_palabra": "capacitacion"},
            text_hash(items[2]),
        ),
    ]
    assert check.outcomes() == ("sin_verbo",)


def test_products_must_not_be_actions_unless_an_exception() -> None:
    check = NounStart.build({"excepciones": ["Taller"]}, CheckEnv())
    items = ["Servicio de asistencia técnica", "Taller de formulación", "Elaborando guías"]
    ficha = with_fields(valid_ficha(), cadena_valor__productos=items)
    hits = list(check.run([field_spec(PRODUCTS)], ficha, RunContext()))
    assert hits == [
        Hit(PRODUCTS, "accion", 2, items[2], {"primera_palabra": "elaborando"}, text_hash(items[2]))
    ]
    assert check.outcomes() == ("accion",)


def test_similarity_compares_stemmed_content_words() -> None:
    assert similarity("Realizar asistencia técnica", "Realizados asistencias técnicas") == 1.0
    assert similarity("Asistencia técnica", "Asistencia técnica", stem_length=3) == 1.0
    assert similarity("la de los", "asistencia") == 0.0  # only stopwords: nothing to compare
    assert similarity("", "") == 0.0
    assert similarity("asistencia a municipios", "asistencia a gobernaciones") == pytest.approx(
        1 / 3
    )
    # A shorter stem merges words a longer one keeps apart.
    assert similarity("formulación", "formato") == 0.0
    assert similarity("formulación", "formato", stem_length=3) == 1.0
    # Six letters by default: «capaci-tación» and «capaci-dades» share a stem.
    assert similarity("Capacitación municipal", "Capacidades municipales") == 1.0
    assert similarity("Capacitación", "Capacidades", stem_length=7) == 0.0


def _distinct(**params: object) -> Distinct:
    return Distinct.build({"comparar_con": [PRODUCTS, ACTIVITIES], **params}, CheckEnv())


def test_a_result_at_the_threshold_is_a_copy_quoting_the_closest_item() -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__productos=[
            "Guía de estructuración",
            "Servicio de asistencia técnica a municipios",
        ],
        cadena_valor__actividades=["Brindar asistencia técnica a municipios de categoría 6"],
        cadena_valor__impactos=["Asistencia técnica a municipios", "Mayor ejecución del SGR"],
    )
    hits = list(_distinct().run([field_spec(IMPACTS)], ficha, RunContext()))
    text = "Asistencia técnica a municipios"
    assert hits == [
        Hit(
            IMPACTS,
            "copia",
            0,
            text,
            {
                "copia_de": "Servicio de asistencia técnica a municipios",
                "campo_copia": "Productos",
                "similitud": "75%",
            },
            text_hash(text),
        )
    ]


def test_an_item_as_close_to_two_others_quotes_the_first_field_compared() -> None:
    copy = "Asistencia técnica a municipios"
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__actividades=["Brindar asistencia técnica a municipios"],
        cadena_valor__productos=["Servicio de asistencia técnica a municipios"],
        cadena_valor__impactos=[copy],
    )
    # «Actividades» is compared first; «Productos» sorts after it and must not win the tie
    check = Distinct.build({"comparar_con": [ACTIVITIES, PRODUCTS]}, CheckEnv())
    (hit,) = check.run([field_spec(IMPACTS)], ficha, RunContext())
    assert hit.values["campo_copia"] == "Actividades (procesos)"
    assert hit.values["copia_de"] == "Brindar asistencia técnica a municipios"


def test_below_the_threshold_is_not_a_copy() -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__productos=["Servicio de asistencia técnica a municipios"],
        cadena_valor__actividades=["Realizar mesas"],
        cadena_valor__impactos=["Asistencia técnica a municipios"],
    )
    assert list(_distinct(umbral=0.76).run([field_spec(IMPACTS)], ficha, RunContext())) == []
    found = list(_distinct(umbral=0.75).run([field_spec(IMPACTS)], ficha, RunContext()))
    assert [h.values["similitud"] for h in found] == ["75%"]


def test_the_stem_length_parameter_is_used() -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__productos=["Formato único"],
        cadena_valor__actividades=["Realizar mesas"],
        cadena_valor__resultados_intermedios=["Formulación única"],
    )
    assert list(_distinct().run([field_spec(RESULTS)], ficha, RunContext())) == []
    short = list(_distinct(longitud_raiz=3).run([field_spec(RESULTS)], ficha, RunContext()))
    assert [(h.values["copia_de"], h.values["similitud"]) for h in short] == [
        ("Formato único", "100%")
    ]


def test_without_items_to_compare_nothing_is_a_copy() -> None:
    ficha = with_fields(
        valid_ficha(),
        cadena_valor__productos=[],
        cadena_valor__actividades=[],
        cadena_valor__impactos=["Asistencia técnica"],
    )
    assert list(_distinct().run([field_spec(IMPACTS)], ficha, RunContext())) == []


def test_distinct_parameters() -> None:
    check = _distinct()
    assert (check.threshold, check.stem_length) == (0.75, 6)
    assert check.extra_fields() == (PRODUCTS, ACTIVITIES)
    assert check.outcomes() == ("copia",)
    with pytest.raises(
        ValueError, match="«comparar_con» nombra el campo «cadena_valor.otros», que no existe"
    ):
        Distinct.build({"comparar_con": ["cadena_valor.otros"]}, CheckEnv())
    for wrong in ({"umbral": 0}, {"umbral": 1.01}, {"longitud_raiz": 2}, {"comparar_con": []}):
        with pytest.raises(ValueError, match="^parámetros: "):
            Distinct.build({"comparar_con": [PRODUCTS], **wrong}, CheckEnv())
    assert _distinct(umbral=1, longitud_raiz=3).threshold == 1
