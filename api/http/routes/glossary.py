"""The glossary (Cuadro No 2)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel

from api.http.deps import CurrentUser, ServicesDep
from knowledge import fold

router = APIRouter(prefix="/api/v1", tags=["glosario"])


class ConceptOut(BaseModel):
    """A concept of the glossary."""

    termino: str
    definicion: str
    autores: list[str]
    seccion: str


class GlossaryOut(BaseModel):
    """Concepts of the glossary."""

    ok: bool = True
    conceptos: list[ConceptOut]


def _concepts(services: ServicesDep) -> list[ConceptOut]:
    return [
        ConceptOut(
            termino=e.term, definicion=e.definition, autores=list(e.authors), seccion=e.breadcrumb
        )
        for e in services.knowledge.glossary()
    ]


@router.get("/glosario", response_model=GlossaryOut, summary="Conceptos del glosario")
def glossary(user: CurrentUser, services: ServicesDep) -> GlossaryOut:
    """All 27 concepts with their definition, cited authors and section."""
    return GlossaryOut(conceptos=_concepts(services))


@router.get("/glosario/{termino}", response_model=GlossaryOut, summary="Un concepto del glosario")
def concept(termino: str, user: CurrentUser, services: ServicesDep) -> GlossaryOut:
    """Concepts whose name contains ``termino`` (accents and case ignored)."""
    wanted = fold(termino)
    found = [c for c in _concepts(services) if wanted in fold(c.termino)]
    if not found:
        raise HTTPException(
            status_code=404, detail=f"«{termino}» no está en el glosario (Cuadro No 2)."
        )
    return GlossaryOut(conceptos=found)
