"""Who may do what to a FAQ entry, and from which status: the editorial workflow.

``borrador → en_revision → publicada → archivada``. An editor drafts and sends to review; a
reviewer (a person who wrote none of the revisions since the last published one) approves; publishing makes the approved
revision the one served. Editing a published entry opens a new draft while the published
revision keeps being served until the new one is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.faq.errors import FaqPermissionDeniedError, FaqValidationError, FaqWorkflowError
from assistant.faq.vocabulary import STATUS_LABELS, Action, Role, Status

_WRITERS = frozenset({Role.EDITOR, Role.COMUNICACIONES, Role.ADMIN})
_REVIEWERS = frozenset({Role.REVISOR, Role.ADMIN})
_PUBLISHERS = frozenset({Role.REVISOR, Role.COMUNICACIONES, Role.ADMIN})

ALLOWED_ROLES: dict[Action, frozenset[Role]] = {
    Action.CREAR: _WRITERS,
    Action.EDITAR: _WRITERS,
    Action.ENVIAR_REVISION: _WRITERS,
    Action.RESTAURAR: _WRITERS,
    Action.IMPORTAR: _WRITERS,
    Action.DEVOLVER: _REVIEWERS,
    Action.APROBAR: _REVIEWERS,
    Action.PUBLICAR: _PUBLISHERS,
    Action.ARCHIVAR: _PUBLISHERS,
    Action.CONFIRMAR: _PUBLISHERS,
}
"""The roles that may perform each action."""

_ANY = frozenset(Status)
SOURCE_STATUSES: dict[Action, frozenset[Status]] = {
    Action.EDITAR: _ANY,
    Action.RESTAURAR: _ANY,
    Action.ENVIAR_REVISION: frozenset({Status.BORRADOR}),
    Action.DEVOLVER: frozenset({Status.EN_REVISION}),
    Action.APROBAR: frozenset({Status.EN_REVISION}),
    Action.PUBLICAR: frozenset({Status.EN_REVISION}),
    Action.ARCHIVAR: frozenset({Status.BORRADOR, Status.EN_REVISION, Status.PUBLICADA}),
    Action.CONFIRMAR: frozenset({Status.BORRADOR, Status.EN_REVISION, Status.PUBLICADA}),
}
"""The statuses from which each action on an existing entry is allowed."""

TARGET_STATUS: dict[Action, Status] = {
    Action.CREAR: Status.BORRADOR,
    Action.EDITAR: Status.BORRADOR,
    Action.RESTAURAR: Status.BORRADOR,
    Action.ENVIAR_REVISION: Status.EN_REVISION,
    Action.DEVOLVER: Status.BORRADOR,
    Action.PUBLICAR: Status.PUBLICADA,
    Action.ARCHIVAR: Status.ARCHIVADA,
}
"""The status an entry ends in after each action (others leave it as is)."""


@dataclass(frozen=True)
class Actor:
    """Someone acting on the bank: a user id and their roles (authentication is elsewhere)."""

    user_id: str
    roles: frozenset[Role]

    @classmethod
    def of(cls, user_id: str, *roles: str | Role) -> Actor:
        """An actor from role names; unknown names raise `FaqValidationError`."""
        user_id = (user_id or "").strip()
        if not user_id:
            raise FaqValidationError("Indica el usuario que realiza la acción.")
        known = {r.value for r in Role}
        unknown = [str(r) for r in roles if str(r) not in known]
        if unknown:
            raise FaqValidationError(
                f"Rol desconocido: {', '.join(unknown)}. Roles válidos: {', '.join(sorted(known))}."
            )
        return cls(user_id=user_id, roles=frozenset(Role(str(r)) for r in roles))

    def may(self, action: Action) -> bool:
        """True when one of the actor's roles allows ``action``."""
        return bool(self.roles & ALLOWED_ROLES[action])


SYSTEM = Actor(user_id="sistema", roles=frozenset({Role.ADMIN}))
"""The actor of automatic changes (the seed import)."""


def authorize(actor: Actor, action: Action) -> None:
    """Raise `FaqPermissionDeniedError` unless ``actor`` may perform ``action``."""
    if not actor.may(action):
        roles = ", ".join(sorted(r.value for r in ALLOWED_ROLES[action]))
        raise FaqPermissionDeniedError(
            f"{actor.user_id} no tiene permiso para «{action.value}» (requiere el rol: {roles})."
        )


def check_transition(action: Action, status: Status, entry_id: str) -> Status:
    """The status after ``action``; raise `FaqWorkflowError` when not allowed from ``status``."""
    allowed = SOURCE_STATUSES.get(action, _ANY)
    if status not in allowed:
        raise FaqWorkflowError(
            f"No se puede «{action.value}» la entrada {entry_id}: está {STATUS_LABELS[status]}."
        )
    return TARGET_STATUS.get(action, status)


def check_four_eyes(actor: Actor, authors: set[str], entry_id: str) -> None:
    """Content is approved by someone who wrote none of it: ``authors`` are the authors of
    every revision since the last published one (a one-character edit by someone else does
    not make the rest of the text another person's)."""
    if actor.user_id in authors:
        raise FaqPermissionDeniedError(
            f"La entrada {entry_id} debe aprobarla otra persona: usted escribió parte del "
            "contenido que se aprueba (desde la última publicación)."
        )


__all__ = [
    "ALLOWED_ROLES",
    "STATUS_LABELS",
    "SYSTEM",
    "Action",
    "Actor",
    "Role",
    "Status",
    "authorize",
    "check_four_eyes",
    "check_transition",
]
