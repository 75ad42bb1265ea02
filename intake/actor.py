"""Who acts on a ficha, and what each role may do (authorization lives in the domain).

A technical unit (dirección técnica or grupo) drafts and sends its fichas; the Dirección de
Estrategia Regional (DER) reviews them (Lineamiento 2, 2.2.3, Etapa 1, "Feedback al
pre-diseño"). Units are compared without accents or case, so "Dirección de Descentralización"
and "direccion de descentralizacion" are the same unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from intake.errors import PermissionDeniedError
from intake.normalization import normalize


class Role(StrEnum):
    """What an actor may do (values are the Spanish words stored and typed in the CLI)."""

    UNIT = "unidad_tecnica"
    """Drafts, edits and sends the fichas of its own unit."""
    DER = "der"
    """Reviews fichas: comments, returns or approves them."""
    ADMIN = "admin"
    """Reads every ficha and may review like DER (never edits another unit's ficha)."""


def unit_key(unit: str | None) -> str:
    """The comparable form of a unit name ("" for none)."""
    return normalize(unit or "")


@dataclass(frozen=True)
class Actor:
    """A person acting on fichas.

    Attributes:
        user_id: Stable user id (Slack user, OS user, e-mail).
        unit: The unit (dependencia) the person works for, if known.
        roles: What the person may do.
        name: Display name, if known.
    """

    user_id: str
    unit: str | None = None
    roles: frozenset[Role] = field(default_factory=lambda: frozenset({Role.UNIT}))
    name: str | None = None

    @classmethod
    def of(
        cls, user_id: str, unit: str | None = None, roles: Iterable[str | Role] = (Role.UNIT,)
    ) -> Actor:
        """An actor from plain values (roles by their Spanish names).

        Roles that mean nothing to fichas (e.g. ``funcionario`` of the HTTP API) grant nothing
        here and are left out.
        """
        known = {role.value: role for role in Role}
        parsed = frozenset(known[str(r)] for r in roles if str(r) in known)
        return cls(user_id=user_id, unit=(unit or None), roles=parsed)

    def has(self, role: Role) -> bool:
        """True when the actor has ``role``."""
        return role in self.roles

    @property
    def reviews(self) -> bool:
        """True for DER reviewers (and administrators)."""
        return self.has(Role.DER) or self.has(Role.ADMIN)

    @property
    def label(self) -> str:
        """How the actor is shown in histories: "jperez (Dirección X)"."""
        who = self.name or self.user_id
        return f"{who} ({self.unit})" if self.unit else who

    def owns(self, owner_unit: str | None, owner_id: str) -> bool:
        """True when a ficha of ``owner_unit`` (created by ``owner_id``) belongs to the actor.

        A ficha belongs to its unit; a ficha created without a unit belongs to its creator.
        """
        key = unit_key(owner_unit)
        if key:
            return unit_key(self.unit) == key
        return self.user_id == owner_id

    def require_editor(self, owner_unit: str | None, owner_id: str) -> None:
        """Refuse unless the actor's unit owns the ficha and the actor drafts fichas.

        Raises:
            PermissionDeniedError: Another unit's ficha, or a reviewer-only actor.
        """
        if not (self.has(Role.UNIT) and self.owns(owner_unit, owner_id)):
            raise PermissionDeniedError(
                "Solo la dependencia responsable de la ficha puede editarla y enviarla a la DER."
            )

    def require_reader(self, owner_unit: str | None, owner_id: str) -> None:
        """Refuse unless the actor's unit owns the ficha or the actor reviews fichas.

        Raises:
            PermissionDeniedError: Another unit's ficha.
        """
        if not (self.reviews or self.owns(owner_unit, owner_id)):
            raise PermissionDeniedError(
                "Esta ficha es de otra dependencia: solo esa dependencia y la DER pueden verla."
            )

    def require_reviewer(self) -> None:
        """Refuse unless the actor is DER (or an administrator).

        Raises:
            PermissionDeniedError: The actor is not a reviewer.
        """
        if not self.reviews:
            raise PermissionDeniedError(
                "Solo la Dirección de Estrategia Regional (DER) puede revisar fichas."
            )


__all__ = ["Actor", "Role", "unit_key"]
