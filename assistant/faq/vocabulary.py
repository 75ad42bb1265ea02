"""The words of the FAQ bank: an entry's statuses, the editorial roles and the actions.

A leaf module (it imports nothing of the bank), so errors, files and tables can name a status
without importing the workflow's rules (`assistant.faq.workflow`).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Status of an entry's latest revision."""

    BORRADOR = "borrador"
    EN_REVISION = "en_revision"
    PUBLICADA = "publicada"
    ARCHIVADA = "archivada"


class Role(StrEnum):
    """Roles in the FAQ bank."""

    COMUNICACIONES = "comunicaciones"
    EDITOR = "editor"
    REVISOR = "revisor"
    ADMIN = "admin"


class Action(StrEnum):
    """Actions that change the bank (reading needs no role)."""

    CREAR = "crear"
    EDITAR = "editar"
    ENVIAR_REVISION = "enviar-revision"
    DEVOLVER = "devolver"
    APROBAR = "aprobar"
    PUBLICAR = "publicar"
    ARCHIVAR = "archivar"
    RESTAURAR = "restaurar"
    IMPORTAR = "importar"
    CONFIRMAR = "confirmar"
    """Confirm that an entry flagged by a section change is still right."""


STATUS_LABELS: dict[Status, str] = {
    Status.BORRADOR: "borrador",
    Status.EN_REVISION: "en revisión",
    Status.PUBLICADA: "publicada",
    Status.ARCHIVADA: "archivada",
}
"""How each status is named for people."""

__all__ = ["STATUS_LABELS", "Action", "Role", "Status"]
