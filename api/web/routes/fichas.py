"""A unit's fichas: list, detail (status, comments, history, versions, diff) and DOCX."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.http.deps import ServicesDep
from api.web.auth import requires
from api.web.pages import WebError, number_in, page, shown_as_page
from assistant.access.users import User
from assistant.wiring import Services
from intake import summary_text

router = APIRouter(include_in_schema=False)
Unit = requires("unidad_tecnica", "der")


def ficha_context(
    services: Services, user: User, ficha_id: str, de: str = "", a: str = ""
) -> dict[str, Any]:
    """What both ficha pages show: the ficha, DER's comments, its history, its versions and
    the changes from version ``de`` to ``a`` (``a`` None: the current draft), when asked."""
    actor, catalog = user.ficha_actor(), services.ficha_catalog
    stored = catalog.get(actor, ficha_id)
    old, new = number_in(de), number_in(a)
    return {
        "ficha": stored,
        "comentarios": catalog.comments(actor, stored.id),
        "historial": catalog.history(actor, stored.id),
        "versiones": catalog.versions(actor, stored.id),
        "cambios": catalog.diff(actor, stored.id, old, new) if old is not None else None,
        "de": old,
        "a": new,
    }


@router.get("/fichas")
def list_fichas(request: Request, services: ServicesDep, user: User = Unit) -> Response:
    """The fichas of the user's unit, newest change first."""
    fichas = services.ficha_catalog.list_fichas(user.ficha_actor())
    return page(request, "fichas.html", fichas=fichas)


@router.get("/fichas/{ficha_id}")
def show_ficha(
    request: Request,
    ficha_id: str,
    services: ServicesDep,
    de: str = "",
    a: str = "",
    user: User = Unit,
) -> Response:
    """One ficha with DER's comments, its history, its versions and a version diff."""
    with shown_as_page():
        context = ficha_context(services, user, ficha_id, de, a)
        stored = context["ficha"]
        context["resumen"] = summary_text(stored.draft, services.rules_engine.config)
        context["editable"] = services.ficha_catalog.can_edit(user.ficha_actor(), stored)
    return page(request, "ficha.html", **context)


@router.get("/fichas/{ficha_id}/docx")
def download_docx(
    ficha_id: str, services: ServicesDep, version: str = "", user: User = Unit
) -> Response:
    """The ficha (its draft, or one sent version) as a DOCX document for DER."""
    number = number_in(version)
    if version and number is None:
        raise WebError(404, f"La ficha {ficha_id} no tiene una versión «{version}».")
    with shown_as_page():
        document = services.ficha_documents.docx(user.ficha_actor(), ficha_id, number)
    return Response(
        document.content,
        media_type=document.media_type,
        headers={"Content-Disposition": f'attachment; filename="{document.filename}"'},
    )
