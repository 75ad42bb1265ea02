"""Health and metrics."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from api.http.deps import ServicesDep
from api.http.errors import HTTP_MESSAGES
from api.http.security import request_address

router = APIRouter(tags=["operación"])


@router.get("/salud", summary="Estado del servicio")
def health(services: ServicesDep) -> JSONResponse:
    """Index ready, database reachable, model loaded; 503 when any is not."""
    checks = {
        "indice": services.knowledge.is_ready(),
        "base_de_datos": services.database.ping(),
        "modelo": services.knowledge.model_loaded(),
    }
    ok = all(checks.values())
    body: dict[str, object] = {"ok": ok, "status": 200 if ok else 503, **checks}
    if not ok:
        body["error"] = (
            "El servicio no está listo: " + ", ".join(k for k, v in checks.items() if not v) + "."
        )
        body["errors"] = [k for k, v in checks.items() if not v]
    return JSONResponse(body, status_code=200 if ok else 503)


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Métricas Prometheus",
    responses={
        404: {
            "description": "Fuera de las direcciones permitidas (y sin token de administración).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
    },
)
def metrics(request: Request, services: ServicesDep) -> PlainTextResponse:
    """Requests, latencies, answers per route and abstentions of this process; only from
    ``http.metrics_clients`` or with an administrator's token (404 otherwise)."""
    allowed = request.app.state.settings.http.metrics_clients
    if request_address(request) not in allowed and not _admin(request, services):
        raise HTTPException(status_code=404, detail=HTTP_MESSAGES[404])
    return PlainTextResponse(
        request.app.state.metrics.render(), media_type="text/plain; version=0.0.4"
    )


def _admin(request: Request, services: ServicesDep) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    user = services.users.authenticate(token.strip()) if scheme.lower() == "bearer" else None
    return user is not None and user.has("admin")
