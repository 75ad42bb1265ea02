"""``/docs``: the API's operations as one plain HTML page built from the OpenAPI schema.

FastAPI's Swagger UI and ReDoc load their scripts from a CDN; this product runs offline and
its pages allow only their own scripts, so the reference is rendered here, without scripts.
The machine-readable schema stays at ``/openapi.json``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.requests import Request

METHODS = ("get", "post", "put", "patch", "delete")
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1b1b1b}code{background:#f2f2f2;padding:0 .25rem}h2{margin-top:2rem;"
    "border-bottom:1px solid #ddd}.op{margin:.75rem 0}.m{font-weight:bold;display:inline-block;"
    "width:4.5rem}"
)


def _operation(path: str, method: str, operation: dict[str, Any]) -> str:
    parameters = [
        f"<code>{escape(p['name'])}</code>" + (" (obligatorio)" if p.get("required") else "")
        for p in operation.get("parameters", [])
    ]
    codes = ", ".join(sorted(operation.get("responses", {})))
    summary = escape(operation.get("summary", ""))
    detail = escape(operation.get("description", "")).replace("\n", "<br>")
    parts = [
        f'<div class="op"><span class="m">{method.upper()}</span> <code>{escape(path)}</code>'
        f" — {summary}",
        f"<br><small>{detail}</small>" if detail else "",
        f"<br><small>Parámetros: {', '.join(parameters)}</small>" if parameters else "",
        f"<br><small>Respuestas: {escape(codes)}</small></div>",
    ]
    return "".join(parts)


def render_docs(schema: dict[str, Any]) -> str:
    """The HTML reference of ``schema``, operations grouped by tag."""
    groups: dict[str, list[str]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                tag = (item[method].get("tags") or ["otros"])[0]
                groups.setdefault(tag, []).append(_operation(path, method, item[method]))
    info = schema.get("info", {})
    sections = "".join(
        f"<h2>{escape(tag)}</h2>{''.join(items)}" for tag, items in sorted(groups.items())
    )
    return (
        '<!doctype html><html lang="es"><head><meta charset="utf-8">'
        f"<title>{escape(info.get('title', 'API'))} · API</title><style>{STYLE}</style></head>"
        f"<body><h1>{escape(info.get('title', 'API'))}</h1><p>{escape(info.get('description', ''))}"
        "</p><p>Token en el encabezado <code>Authorization: Bearer …</code>. Esquema OpenAPI: "
        '<a href="/openapi.json">/openapi.json</a>.</p>'
        f"{sections}</body></html>"
    )


def mount_docs(app: FastAPI) -> None:
    """Serve `render_docs` of the app's schema at ``/docs`` (a plain route, like FastAPI's
    own docs: not an API operation, not a web page with roles)."""

    async def docs(_: Request) -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    app.add_route("/docs", docs, methods=["GET"], include_in_schema=False)
