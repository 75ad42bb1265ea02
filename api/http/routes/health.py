"""Health and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from api.http.deps import ServicesDep

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


@router.get("/metrics", response_class=PlainTextResponse, summary="Métricas Prometheus")
def metrics(request: Request) -> PlainTextResponse:
    """Requests, latencies, answers per route and abstentions of this process."""
    return PlainTextResponse(
        request.app.state.metrics.render(), media_type="text/plain; version=0.0.4"
    )
