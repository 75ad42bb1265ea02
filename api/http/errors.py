"""One JSON error shape for every HTTP error: ``{ok, error, errors, status}``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import (
    USER_ERRORS,
    ErrorKind,
    UserFacingError,
    user_message,
)

STATUS_BY_KIND: dict[ErrorKind, int] = {
    ErrorKind.INVALID: 422,
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.FORBIDDEN: 403,
    ErrorKind.CONFLICT: 409,
    ErrorKind.UNAVAILABLE: 503,
}
"""The HTTP status of each kind of error (each error class declares its kind)."""


def status_of(error: UserFacingError) -> int:
    """The HTTP status for ``error`` (500 for a class that forgot its kind; a test forbids it)."""
    return STATUS_BY_KIND.get(error.kind, 500) if error.kind is not None else 500


HTTP_MESSAGES = {
    400: "No se pudo leer el cuerpo de la petición: envíe JSON válido en UTF-8.",
    401: "Falta un token válido (encabezado Authorization: Bearer …).",
    403: "No tiene permiso para esta acción.",
    404: "No existe el recurso pedido.",
    405: "Método no permitido.",
    408: "La petición tardó demasiado en llegar completa; inténtelo de nuevo.",
    413: "El cuerpo de la petición es demasiado grande.",
    429: "Demasiadas peticiones; espere un momento e intente de nuevo.",
}


NUL_REFUSED = (
    "El texto no puede contener el carácter nulo (NUL, \\u0000); quítelo e intente de nuevo."
)
"""A NUL cannot be stored (PostgreSQL text refuses it): refused with a 422 before any route."""

API_PREFIX = "/api/v1"
MACHINE_PATHS = ("/api/", "/slack/", "/openapi.json", "/docs", "/redoc", "/salud", "/metrics")
"""Paths answered to programs (JSON errors); every other path is a web page (HTML errors)."""
ErrorPage = Callable[[Request, int, str], Response]
"""How the web renders an error page (set on ``app.state.error_page`` by the web)."""
DOCUMENTED_ERRORS = {
    "400": "El cuerpo no se pudo leer (JSON en UTF-8) o la dirección trae un token.",
    "401": HTTP_MESSAGES[401],
    "403": HTTP_MESSAGES[403],
    "404": HTTP_MESSAGES[404],
    "409": "La acción no es posible en el estado actual (o alguien cambió el recurso antes).",
    "408": HTTP_MESSAGES[408],
    "413": HTTP_MESSAGES[413],
    "422": "Los datos enviados no son válidos (también: un texto con el carácter nulo).",
    "429": HTTP_MESSAGES[429],
    "500": "Ocurrió un error inesperado (con una referencia para soporte).",
    "503": "El servicio no está listo (índice o base de datos).",
}
"""The error responses documented for every operation of the API."""


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    ok: bool = Field(default=False, description="Siempre false en un error.")
    error: str = Field(description="Mensaje en español para la persona usuaria.")
    errors: list[str] = Field(description="Detalles: campos inválidos, hallazgos, conflictos.")
    status: int = Field(description="El código HTTP.")


def error_body(message: str, status: int, errors: list[str] | None = None) -> dict[str, object]:
    """The canonical error payload."""
    return {"ok": False, "error": message, "errors": errors or [], "status": status}


def error_response(message: str, status: int, errors: list[str] | None = None) -> JSONResponse:
    """A JSON response with the canonical error payload."""
    return JSONResponse(error_body(message, status, errors), status_code=status)


def render_error(
    request: Request, message: str, status: int, errors: list[str] | None = None
) -> Response:
    """The error for ``request``: the one JSON shape for programs, the web's page for people."""
    page: ErrorPage | None = getattr(request.app.state, "error_page", None)
    if page is not None and not request.url.path.startswith(MACHINE_PATHS):
        return page(request, status, message)
    return error_response(message, status, errors)


VALIDATION_MESSAGES = {
    "missing": "falta este dato",
    "extra_forbidden": "no es un campo conocido",
    "string_type": "debe ser un texto",
    "string_too_short": "debe tener al menos {min_length} carácter(es)",
    "string_too_long": "admite como máximo {max_length} caracteres",
    "too_short": "debe tener al menos {min_length} elemento(s)",
    "too_long": "admite como máximo {max_length} elementos",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "float_parsing": "debe ser un número",
    "bool_parsing": "debe ser true o false",
    "bool_type": "debe ser true o false",
    "greater_than_equal": "debe ser mayor o igual que {ge}",
    "less_than_equal": "debe ser menor o igual que {le}",
    "list_type": "debe ser una lista",
    "dict_type": "debe ser un objeto",
    "model_type": "debe ser un objeto",
    "model_attributes_type": "debe ser un objeto",
    "enum": "debe ser uno de: {expected}",
    "literal_error": "debe ser uno de: {expected}",
    "json_invalid": "el cuerpo no es JSON válido",
    "datetime_parsing": "debe ser una fecha y hora (ISO 8601)",
    "datetime_type": "debe ser una fecha y hora (ISO 8601)",
    "datetime_from_date_parsing": "debe ser una fecha y hora (ISO 8601)",
}
"""Spanish wording of pydantic's validation errors, by error type."""


def validation_message(error: Mapping[str, Any]) -> str:
    """One validation error in Spanish (the generic sentence for an unknown type)."""
    template = VALIDATION_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        return "valor no válido"
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return "valor no válido"


def document_errors(app: FastAPI) -> None:
    """Describe the one error shape in the OpenAPI schema: every ``/api/v1`` operation lists
    its error statuses with `ErrorOut`, and no operation keeps FastAPI's own 422 shape."""
    generate = app.openapi

    def openapi() -> dict[str, object]:
        schema = generate()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["ErrorOut"] = ErrorOut.model_json_schema()
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        for path, item in schema.get("paths", {}).items():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                codes = DOCUMENTED_ERRORS if path.startswith(API_PREFIX) else {}
                if "422" in responses:
                    codes = {**codes, "422": DOCUMENTED_ERRORS["422"]}
                for code, description in codes.items():
                    responses[code] = {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorOut"}
                            }
                        },
                    }
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_error_handlers(app: FastAPI) -> None:
    """Map our errors, HTTP errors and validation errors to the one shape (also in the
    OpenAPI schema)."""
    document_errors(app)

    @app.exception_handler(RequestValidationError)
    async def validation(request: Request, exc: RequestValidationError) -> Response:
        details = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body')}: {validation_message(e)}"
            for e in exc.errors()
        ]
        return render_error(request, "Los datos enviados no son válidos.", 422, details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's and FastAPI's own details are English ("Not Found", "There was an error
        # parsing the body"); ours are Spanish sentences.
        own = exc.status_code != 400 and isinstance(exc.detail, str)
        detail = exc.detail if own and exc.detail not in ENGLISH_DETAILS else None
        response = render_error(
            request, detail or HTTP_MESSAGES.get(exc.status_code, "Error."), exc.status_code
        )
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value  # e.g. Allow on a 405
        return response

    async def expected(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UserFacingError)
        return render_error(request, user_message(exc), status_of(exc), exc.details())

    for error_type in USER_ERRORS:
        app.add_exception_handler(error_type, expected)
    # Unexpected exceptions are answered by `api.http.middleware.RequestGuard`.


ENGLISH_DETAILS = {"Not Found", "Method Not Allowed", "Bad Request", "Unauthorized", "Forbidden"}
