"""The policy's enumerations parsed at ingest: items, lead-in sentence and section."""

from __future__ import annotations

import pytest

from knowledge.base import POLICY_SOURCE_ID, policy_source
from knowledge.documents import parse_document
from knowledge.enumerations import extract_lists, item_text
from knowledge.policy_parser import PolicyParser, remove_furniture, split_lines
from knowledge.types import ParsedDocument

TEXT = """Lineamiento 2. Lógica de trabajo
2.1 Antecedentes organizacionales de la ATT en el DNP
La entidad ha prestado asistencia técnica en las siguientes áreas temáticas:

\uf0b7 Planeación territorial,

\uf0b7 Fortalecimiento fiscal y de los mecanismos de
financiación territorial,

\uf0b7 incentivos a la gestión local y regional.

Este mapeo temático resulta clave para definir las áreas de la asistencia técnica.
"""


@pytest.fixture(scope="module")
def policy() -> ParsedDocument:
    source = policy_source()
    return parse_document(source.text, source_id=POLICY_SOURCE_ID, title=source.title)


def test_a_bulleted_list_keeps_its_lead_in_its_section_and_its_wrapped_items() -> None:
    body, _ = remove_furniture(split_lines(TEXT))
    sections = PolicyParser().parse(body)
    (found,) = [x for s in sections for x in extract_lists(s, source_id="doc", breadcrumb="B")]
    assert found.intro.endswith("en las siguientes áreas temáticas:")
    assert found.items == (
        "Planeación territorial",
        "Fortalecimiento fiscal y de los mecanismos de financiación territorial",
        "incentivos a la gestión local y regional.",
    )
    assert found.section == "B"
    assert TEXT[found.start :].startswith("\uf0b7 Planeación")
    assert TEXT[: found.end].endswith("local y regional.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("• Gestión de la inversión pública,", "Gestión de la inversión pública"),
        (
            "3. Implementar estrategias de relacionamiento; y",
            "Implementar estrategias de relacionamiento",
        ),
        ("b) Articulación interna", "Articulación interna"),
    ],
)
def test_an_item_loses_its_marker_and_trailing_connective(raw: str, expected: str) -> None:
    assert item_text(raw) == expected


def test_the_policy_lists_are_data_after_ingest(policy: ParsedDocument) -> None:
    areas = [x for x in policy.lists if x.intro.endswith("siguientes áreas temáticas:")]
    assert len(areas) == 1
    assert len(areas[0].items) == 7
    assert areas[0].section.startswith("Lineamiento 2 > 2.1 Antecedentes")
    der = [
        x for x in policy.lists if x.intro.startswith("Las siguientes son las funciones de la DER")
    ]
    assert der and der[0].items[0].startswith("Diseñar las estrategias de llegada al territorio")
    sections = {c.breadcrumb for c in policy.chunks}
    assert all(x.section in sections for x in policy.lists)
    assert all(policy.text[x.start : x.end].strip() for x in policy.lists)
