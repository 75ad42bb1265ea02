"""Rendering: the Jinja2 environment, the page helper and the Spanish error pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.http.errors import status_of
from api.rendering.html import answer_html, render_markdown
from api.rendering.sources import ROUTE_LABELS
from assistant.errors import UserFacingError, user_message
from assistant.faq.vocabulary import STATUS_LABELS, Status
from intake import format_value

HERE = Path(__file__).parent
FAQ_ACTIONS = {
    "crear": "Creada",
    "editar": "Editada",
    "enviar-revision": "Enviada a revisión",
    "devolver": "Devuelta al editor",
    "aprobar": "Aprobada",
    "publicar": "Publicada",
    "archivar": "Archivada",
    "restaurar": "Restaurada",
    "importar": "Importada",
    "confirmar": "Confirmada tras un cambio en la política",
    "marcar-revision": "Marcada para revisar (cambió la política)",
}
"""What happened to an FAQ entry, as its history reads."""
STATUS_TITLES = {
    400: "Petición no válida",
    401: "Sesión vencida",
    403: "Sin permiso",
    404: "No encontrado",
    405: "Acción no disponible",
    408: "Petición incompleta",
    409: "Conflicto",
    413: "Contenido demasiado grande",
    422: "Datos no válidos",
    429: "Demasiadas peticiones",
    500: "Error inesperado",
    503: "Servicio no disponible",
}

BOGOTA = ZoneInfo("America/Bogota")
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def local_time(moment: datetime | None, *, hour: bool = True) -> str:
    """``moment`` in Bogotá time, as people read it: «6 dic 2026, 09:14» (naive = UTC)."""
    if moment is None:
        return "—"
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = aware.astimezone(BOGOTA)
    day = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    return f"{day}, {local:%H:%M}" if hour else day


class WebError(Exception):
    """An error shown to the person as a Spanish page (or a notice inside an htmx swap)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class LoginRequired(Exception):
    """The page needs a signed-in user: the handler redirects to the login page."""


class PeopleNames:
    """``names(user_id)``: the person's name for histories (users are read once per page)."""

    def __init__(self, request: Request) -> None:
        self._request = request
        self._names: dict[str, str] | None = None

    def __call__(self, user_id: str | None) -> str:
        if not user_id:
            return "—"
        if self._names is None:
            users = self._request.app.state.services.users.list()
            self._names = {u.user_id: u.name for u in users}
        return self._names.get(user_id, user_id)


def unread_notices(request: Request) -> int:
    """How many notices the signed-in person has not read (0 without a user)."""
    user = getattr(request.state, "web_user", None)
    return request.app.state.services.notice_board.unread(user) if user else 0


def _context(request: Request) -> dict[str, Any]:
    return {
        "nombre": PeopleNames(request),
        "usuario": getattr(request.state, "web_user", None),
        "csrf": request.session.get("csrf", ""),
        "ruta_actual": request.url.path,
        "aviso": request.session.pop("aviso", None),
        "avisos_sin_leer": lambda: unread_notices(request),
    }


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_context])
templates.env.filters["markdown"] = render_markdown
templates.env.filters["answer_html"] = answer_html
templates.env.filters["valor"] = format_value
templates.env.filters["hora"] = local_time
templates.env.filters["ruta"] = lambda route: ROUTE_LABELS.get(str(route), "")
templates.env.filters["estado_faq"] = lambda status: STATUS_LABELS[Status(status)].capitalize()
templates.env.filters["accion_faq"] = lambda action: FAQ_ACTIONS.get(str(action), "Cambio")
templates.env.filters["dia"] = lambda day: f"{day.day} {MONTHS[day.month - 1]} {day.year}"
templates.env.filters["veces"] = lambda n: f"{n} {'vez' if n == 1 else 'veces'}"


def number_in(text: str) -> int | None:
    """``text`` as a whole number (ASCII digits, at most nine: a database id or a version),
    None otherwise; ``"²".isdigit()`` is true and 30 digits overflow the database."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def is_htmx(request: Request) -> bool:
    """True for requests sent by htmx (they get fragments, not whole pages)."""
    return request.headers.get("hx-request") == "true"


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with ``context``."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    """The Spanish error page (a notice fragment for htmx requests)."""
    name = "_aviso.html" if is_htmx(request) else "error.html"
    title = STATUS_TITLES.get(status, "Error")
    return page(request, name, status, titulo=title, mensaje=message, codigo=status)


def form_status(error: UserFacingError) -> int:
    """The status of a form shown again with ``error``: 403 and 404 stay, the rest is 422."""
    status = status_of(error)
    return status if status in (403, 404) else 422


@contextmanager
def shown_as_page() -> Iterator[None]:
    """Turn the assistant's user-facing errors into `WebError` (a Spanish page)."""
    try:
        yield
    except UserFacingError as exc:
        raise WebError(status_of(exc), user_message(exc)) from exc
