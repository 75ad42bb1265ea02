"""Bench rows for publishing an FAQ: the matching gate with and without its vectors ready."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from assistant.faq.matcher import DEFAULT_THRESHOLD
from assistant.faq.regression import MatchingRegression, replace_entries
from assistant.faq.revision import FaqContent
from assistant.faq.workflow import Actor
from assistant.settings import Settings
from assistant.wiring import build_services

EDITOR = Actor.of("bench-editora", "comunicaciones")
REVIEWER = Actor.of("bench-revisora", "revisor")


def publish_rows(settings: Settings) -> list[tuple[str, str, str]]:
    """Publish one new entry over the seed (about 400 phrasings) in a scratch database: the
    gate alone with nothing precomputed (as the first publication used to be), and the whole
    publication right after its approval (the seed's vectors ship with the package)."""
    with tempfile.TemporaryDirectory(prefix="bench-faq-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        services = build_services(settings.model_copy(update={"database_url": url}))
        services.database.create_schema()
        bank = services.faq_bank
        published = bank.store.entries()
        section = next(s for e in published for s in e.sections)
        content = FaqContent(
            "¿Cuánto tarda la DER en revisar una ficha enviada?",
            "La política no fija un plazo.",
            alternatives=("plazo de revisión de la DER", "¿en cuánto tiempo revisa la DER?"),
            sections=(section,),
        )
        record = bank.create(content, EDITOR)
        bank.submit(record.entry_id, EDITOR)
        cold = MatchingRegression(
            embed_texts=services.knowledge.embed_texts,
            embed_query=services.knowledge.embed_query,
            threshold=DEFAULT_THRESHOLD,
        )
        after = replace_entries(published, [content.as_entry(record.entry_id, 1)])
        started = time.perf_counter()
        cold.check(published, after)
        cold_s = time.perf_counter() - started
        bank.approve(record.entry_id, REVIEWER)  # «Publicar» right after, as in the web
        started = time.perf_counter()
        bank.publish(record.entry_id, REVIEWER)
        publish_s = time.perf_counter() - started
        services.database.dispose()
    return [
        ("Verificación de publicación sin vectores listos", f"{cold_s:.1f} s", "(antes)"),
        ("Publicar una FAQ justo después de aprobarla", f"{publish_s:.2f} s", "≤ 1 s"),
    ]


__all__ = ["publish_rows"]
