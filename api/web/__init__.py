"""The web interface: server-rendered pages (Jinja2 + htmx) over the assistant's services."""

from api.web.mount import mount_web

__all__ = ["mount_web"]
