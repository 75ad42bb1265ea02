"""Value checks built directly from parameters: exact hits, both sides of every bound.

The rules-data tests run the shipped rules file; these build each check of
`intake.rules.checks.values` from small parameter sets and compare the hits whole (field,
outcome, item, text, the values a message shows, the item key), so a bound moved by one or
a message value lost is caught here and not only by a sentence that happens to change.
"""

from __future__ import annotations

from typing import Any

import pytest

from intake.fields import field_spec
from intake.rules.checks.base import CheckEnv, Hit, RunContext, text_hash
from intake.rules.checks.values import (
    Capitals,
    Email,
    Enumeration,
    MinLength,
    NumberRange,
    WordCount,
)
from intake.value_lists import ListItem, ValueList
from tests.intake.factories import valid_ficha, with_field

NAME = "nombre"
EMAIL = "lider_tecnico.correo"
YEAR = "vigencia"
AREAS = "alineacion.areas_tematicas"
ACTIVITIES = "cadena_valor.actividades"


def _hits(check: Any, field_id: str, value: Any) -> list[Hit]:
    ficha = with_field(valid_ficha(), field_id, value)
    return list(check.run([field_spec(field_id)], ficha, RunContext()))


def _item(field_id: str, outcome: str, item: int, text: str, **values: Any) -> Hit:
    return Hit(field_id, outcome, item, text, values, text_hash(text))


# -- conteo_palabras --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "text", "expected"),
    [
        ({"minimo": 3, "maximo": 5}, "uno dos", [("corto", 2, 3, 5)]),
        ({"minimo": 3, "maximo": 5}, "uno dos tres", []),
        ({"minimo": 3, "maximo": 5}, "uno dos tres cuatro cinco", []),
        ({"minimo": 3, "maximo": 5}, "uno dos tres cuatro cinco seis", [("largo", 6, 3, 5)]),
        ({"maximo": 2}, "uno dos tres", [("largo", 3, "", 2)]),
        ({"maximo": 2}, "uno dos", []),
        ({"minimo": 2}, "uno", [("corto", 1, 2, "")]),
        ({"minimo": 2}, "uno dos", []),
    ],
)
def test_word_count_bounds_are_inclusive_and_the_message_gets_both(
    params: dict[str, int], text: str, expected: list[tuple[str, int, Any, Any]]
) -> None:
    check = WordCount.build(params, CheckEnv())
    assert _hits(check, NAME, text) == [
        Hit(NAME, outcome, None, text, {"palabras": n, "minimo": low, "maximo": high})
        for outcome, n, low, high in expected
    ]


def test_word_count_reports_each_list_item_with_its_position() -> None:
    check = WordCount.build({"minimo": 2, "maximo": 3}, CheckEnv())
    items = ["Realizar talleres", "Uno", "Capacitar a los equipos técnicos"]
    assert _hits(check, ACTIVITIES, items) == [
        _item(ACTIVITIES, "corto", 1, "Uno", palabras=1, minimo=2, maximo=3),
        _item(ACTIVITIES, "largo", 2, items[2], palabras=5, minimo=2, maximo=3),
    ]
    assert check.outcomes() == ("corto", "largo")
    assert WordCount.build({"minimo": 1}, CheckEnv()).outcomes() == ("corto",)
    assert WordCount.build({"maximo": 1}, CheckEnv()).outcomes() == ("largo",)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "indique «minimo», «maximo» o ambos"),
        ({"minimo": 4, "maximo": 3}, "«minimo» no puede ser mayor que «maximo»"),
    ],
)
def test_word_count_parameters_are_refused_with_their_reason(
    params: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        WordCount.build(params, CheckEnv())


# -- longitud_minima ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abcd", [4]),
        ("abcde", []),
        ("ab   cd", []),  # spaces collapse to one: «ab cd» has 5 characters
        ("  ab  c ", [4]),
    ],
)
def test_min_length_counts_characters_with_spaces_collapsed(text: str, expected: list[int]) -> None:
    check = MinLength.build({"minimo": 5}, CheckEnv())
    assert _hits(check, NAME, text) == [
        # the ficha keeps a text without its outer spaces
        Hit(NAME, "corto", None, text.strip(), {"caracteres": n, "minimo": 5})
        for n in expected
    ]
    assert check.outcomes() == ("corto",)


# -- mayusculas ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("DNP", True),
        ("FORTALECIMIENTO FISCAL 2024", True),
        ("Fortalecimiento DNP", False),
        ("A", False),  # fewer letters than the minimum: not judged
        ("AB", True),
        ("123", False),
    ],
)
def test_capitals_flag_texts_whose_letters_are_all_capitals(text: str, flagged: bool) -> None:
    check = Capitals.build({}, CheckEnv())
    expected = [Hit(NAME, "solo_mayusculas", None, text, {"valor": text})] if flagged else []
    assert _hits(check, NAME, text) == expected
    assert Capitals.build({"minimo_letras": 3}, CheckEnv()).min_letters == 3
    assert check.outcomes() == ("solo_mayusculas",)


# -- correo -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("cmendez@dnp.gov.co", True),
        ("  cmendez@dnp.gov.co ", True),
        ("Carolina Mendez cmendez@dnp.gov.co", False),
        ("c mendez@dnp.gov.co", False),
        ("cmendez@dnp", False),
        ("cmendez.dnp.gov.co", False),
        ("cmendez@-dnp.gov.co", False),
    ],
)
def test_email_accepts_one_address_and_nothing_around_it(text: str, valid: bool) -> None:
    check = Email.build({}, CheckEnv())
    expected = [] if valid else [Hit(EMAIL, "invalido", None, text, {"valor": text})]
    assert _hits(check, EMAIL, text) == expected
    assert check.outcomes() == ("invalido",)


# -- rango_numerico -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "value", "shown"),
    [
        ({"minimo": 2022, "maximo": 2030}, 2021, ("2022", "2030")),
        ({"minimo": 2022, "maximo": 2030}, 2022, None),
        ({"minimo": 2022, "maximo": 2030}, 2030, None),
        ({"minimo": 2022, "maximo": 2030}, 2031, ("2022", "2030")),
        ({"minimo": 2022.5}, 2022, ("2022.5", "")),
        ({"maximo": 2030}, 2031, ("", "2030")),
    ],
)
def test_number_range_bounds_are_inclusive_and_shown_without_decimals(
    params: dict[str, float], value: int, shown: tuple[str, str] | None
) -> None:
    check = NumberRange.build(params, CheckEnv())
    expected = (
        []
        if shown is None
        else [
            Hit(
                YEAR,
                "fuera_de_rango",
                None,
                str(value),
                {"valor": value, "minimo": shown[0], "maximo": shown[1]},
            )
        ]
    )
    assert _hits(check, YEAR, value) == expected
    assert check.outcomes() == ("fuera_de_rango",)


def test_number_range_skips_an_empty_number_and_refuses_crossed_bounds() -> None:
    check = NumberRange.build({"maximo": 2030}, CheckEnv())
    assert _hits(check, YEAR, None) == []
    # an empty field does not stop the fields after it from being checked
    ficha = with_field(with_field(valid_ficha(), "problema.evidencia", None), YEAR, 2031)
    specs = [field_spec("problema.evidencia"), field_spec(YEAR)]
    assert [h.field for h in check.run(specs, ficha, RunContext())] == [YEAR]
    with pytest.raises(ValueError, match="«minimo» no puede ser mayor que «maximo»"):
        NumberRange.build({"minimo": 3, "maximo": 2}, CheckEnv())
    with pytest.raises(ValueError, match="indique «minimo», «maximo» o ambos"):
        NumberRange.build({}, CheckEnv())


# -- enumeracion --------------------------------------------------------------------------

COLORS = ValueList(
    name="colores",
    title="Colores",
    reference="Prueba",
    items=(ListItem("rojo", "Rojo"), ListItem("azul", "Azul")),
    aliases={"carmesi": "rojo"},
)


def test_enumeration_reports_each_value_off_the_list_and_too_few_values() -> None:
    check = Enumeration.build(
        {"lista": "colores", "minimo": 3}, CheckEnv(lists={"colores": COLORS})
    )
    common = {"permitidos": COLORS.allowed_text, "lista": "Colores"}
    assert _hits(check, ACTIVITIES, ["Rojo", "verde", "carmesí"]) == [
        _item(ACTIVITIES, "fuera_de_lista", 1, "verde", valor="verde", **common)
    ]
    assert _hits(check, ACTIVITIES, ["azul", "AZUL"]) == [
        Hit(ACTIVITIES, "vacio", None, "", {**common, "minimo": 3})
    ]
    assert check.outcomes() == ("fuera_de_lista", "vacio")
    plain = Enumeration.build({"lista": "colores"}, CheckEnv(lists={"colores": COLORS}))
    assert plain.outcomes() == ("fuera_de_lista",)
    assert _hits(plain, ACTIVITIES, []) == []


def test_enumeration_of_an_unknown_list_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError) as raised:
        Enumeration.build({"lista": "sabores"}, CheckEnv(lists={"colores": COLORS}))
    assert str(raised.value) == "la lista «sabores» no existe en «listas» (hay: colores)"
    with pytest.raises(ValueError, match=r"\(hay: ninguna\)$"):
        Enumeration.build({"lista": "sabores"}, CheckEnv())


def test_capitals_length_and_email_report_each_list_item_with_its_position() -> None:
    items = ["Realizar talleres", "MESAS TÉCNICAS", "Foro"]
    assert _hits(Capitals.build({}, CheckEnv()), ACTIVITIES, items) == [
        _item(ACTIVITIES, "solo_mayusculas", 1, items[1], valor=items[1])
    ]
    assert _hits(MinLength.build({"minimo": 5}, CheckEnv()), ACTIVITIES, items) == [
        _item(ACTIVITIES, "corto", 2, "Foro", caracteres=4, minimo=5)
    ]
    addresses = ["cmendez@dnp.gov.co", "cmendez arroba dnp"]
    assert _hits(Email.build({}, CheckEnv()), ACTIVITIES, addresses) == [
        _item(ACTIVITIES, "invalido", 1, addresses[1], valor=addresses[1])
    ]
