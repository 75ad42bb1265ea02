"""What the extractive answer quotes of a passage."""

from __future__ import annotations

from assistant.answering.extractive import MIN_WINDOW, TermWeights, select_extracts
from knowledge import Chunk, SearchHit

GLOSSARY_TEXT = (
    "Protocolo de ATT: Hace referencia al documento en el cual se describen la totalidad de "
    "variables estratégicas y operativas de un producto o servicio de ATT del DNP. "
    "Otra frase sin relación con la pregunta que no debería citarse porque sobra espacio."
)


def _chunk(text: str, ordinal: int = 0) -> Chunk:
    return Chunk(f"doc:{ordinal}", "doc", "Glosario > Protocolo de ATT", text, 0, len(text))


def test_a_heading_alone_is_never_the_whole_quote() -> None:
    chunk = _chunk(GLOSSARY_TEXT)
    weights = TermWeights([chunk, _chunk("Texto de relleno sobre municipios.", 1)])
    extracts = select_extracts("q es el protocolo de ATT", [SearchHit(chunk, 1.0)], weights, {})
    (shown,) = extracts[0].runs
    assert shown.startswith("Protocolo de ATT:")
    assert "totalidad de variables estratégicas" in shown
    assert len(shown) >= MIN_WINDOW


def test_a_short_passage_is_quoted_whole_without_running_past_its_end() -> None:
    chunk = _chunk("Protocolo de ATT: documento de variables.")
    extracts = select_extracts("protocolo", [SearchHit(chunk, 1.0)], TermWeights([chunk]), {})
    assert extracts[0].runs == ("Protocolo de ATT: documento de variables.",)
