"""Errors people meet in the browser are Spanish pages, not the API's JSON.

The API answers every error with its one JSON shape (`api.http.errors`). A person who mistypes
an address, sends a form that is too large or finds the service down gets that JSON unless the
web turns it into a page: paths outside the API, asked for by a browser (``Accept: text/html``)
or by htmx, get the error page (or the notice fragment) with a sentence for the status. An
unexpected exception there is logged with a short reference and shown as a page too (the API's
own handler answers JSON from outside every middleware).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from api.http.errors import MACHINE_PATHS
from api.web.pages import error_page, is_htmx

log = logging.getLogger(__name__)
MESSAGES = {
    400: "La petición no es válida. Vuelva a la página anterior e inténtelo de nuevo.",
    401: "Debe entrar de nuevo para continuar.",
    403: "No tiene permiso para ver esta página.",
    404: "No existe esa página. Revise la dirección o vuelva al inicio.",
    405: "Esa acción no está disponible en esta página.",
    413: "Lo que envió es demasiado grande. Acórtelo e inténtelo de nuevo.",
    422: "Los datos enviados no son válidos. Revíselos e inténtelo de nuevo.",
    429: "Demasiadas peticiones seguidas. Espere un minuto e inténtelo de nuevo.",
    503: "El servicio no está disponible en este momento. Inténtelo de nuevo en unos minutos.",
}
"""What each status means for the person (the API's own messages are for programs)."""
UNEXPECTED = (
    "Ocurrió un error inesperado. Inténtelo de nuevo; si se repite, comunique esta "
    "referencia a quien administra el asistente: {reference}."
)


def wants_a_page(request: Request) -> bool:
    """True for a browser or htmx request outside the API."""
    if request.url.path.startswith(MACHINE_PATHS):
        return False
    return is_htmx(request) or "text/html" in request.headers.get("accept", "")


def install_error_pages(app: FastAPI) -> None:
    """Replace the JSON of an error on a web path by the Spanish error page."""

    @app.middleware("http")
    async def error_pages(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        try:
            response = await call_next(request)
        except Exception:
            if not wants_a_page(request):
                raise
            reference = uuid.uuid4().hex[:8]
            log.exception("Error inesperado en la web (ref %s)", reference)
            return error_page(request, 500, UNEXPECTED.format(reference=reference))
        json = response.headers.get("content-type", "").startswith("application/json")
        if response.status_code < 400 or not json or not wants_a_page(request):
            return response
        status = response.status_code
        message = MESSAGES.get(status, "Ocurrió un error. Inténtelo de nuevo en unos minutos.")
        return error_page(request, status, message)


__all__ = ["install_error_pages"]
