"""People who use the API, their roles, and their API tokens (hashed at rest)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.access.sessions import SessionStore
from assistant.errors import AssistantError, ErrorKind
from assistant.faq.workflow import Actor as FaqActor
from assistant.faq.workflow import Role as FaqRole
from assistant.storage.base import Base
from assistant.storage.database import Database
from intake import Actor as FichaActor

ROLES = ("funcionario", "unidad_tecnica", "comunicaciones", "der", "admin")
TOKEN_PREFIX = "ast_"


class UserError(AssistantError):
    """A user cannot be created or authenticated."""

    code = "usuario_invalido"
    kind = ErrorKind.INVALID


class ActingUserError(AssistantError):
    """A command names someone who is not an active user with the role it needs."""

    code = "usuario_sin_permiso"
    kind = ErrorKind.FORBIDDEN


class UserRow(Base):
    """A user with an API token."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    unit: Mapped[str | None] = mapped_column(String(200), nullable=True)
    roles: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class User:
    """An authenticated user."""

    user_id: str
    name: str
    email: str
    unit: str | None
    roles: frozenset[str]

    def has(self, *roles: str) -> bool:
        """True when the user has any of ``roles`` (admin has every role)."""
        return "admin" in self.roles or bool(self.roles & set(roles))

    def ficha_actor(self) -> FichaActor:
        """This user as an actor on fichas (unidad_tecnica, der and admin carry over)."""
        return FichaActor.of(self.user_id, unit=self.unit, roles=self.roles)

    def faq_actor(self) -> FaqActor:
        """This user as an actor on the FAQ bank.

        The communications team writes, reviews and publishes; the bank's four-eyes rule
        still keeps anyone from approving their own revision. Admins keep every power.
        """
        roles: set[FaqRole] = set()
        if "comunicaciones" in self.roles:
            roles |= {FaqRole.COMUNICACIONES, FaqRole.EDITOR, FaqRole.REVISOR}
        if "admin" in self.roles:
            roles.add(FaqRole.ADMIN)
        return FaqActor(user_id=self.user_id, roles=frozenset(roles))


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are random and long, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserStore:
    """Creates users and resolves tokens; revoking a token or deactivating a user ends their
    web sessions too (``sessions``)."""

    def __init__(self, database: Database, *, sessions: SessionStore | None = None) -> None:
        self.database = database
        self.sessions = sessions

    def create(
        self, *, name: str, email: str, roles: list[str], unit: str | None = None
    ) -> tuple[User, str]:
        """A new user and its token (shown once; only its hash is stored)."""
        unknown = [r for r in roles if r not in ROLES]
        if unknown or not roles:
            raise UserError(
                f"Rol desconocido: {', '.join(unknown) or '(ninguno)'}. Roles válidos: {', '.join(ROLES)}."
            )
        if "@" not in email:
            raise UserError("El correo del usuario no es válido.")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = UserRow(
            id=str(uuid.uuid4()),
            name=name.strip(),
            email=email.strip().lower(),
            unit=unit,
            roles=",".join(sorted(set(roles))),
            token_hash=hash_token(token),
            active=True,
            created_at=datetime.now(UTC),
        )
        try:
            with self.database.session() as session:
                session.add(row)
        except IntegrityError as exc:
            raise UserError(f"Ya existe un usuario con el correo {email}.") from exc
        return _user(row), token

    def authenticate(self, token: str) -> User | None:
        """The active user owning ``token``, or None."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        with self.database.session() as session:
            row = session.scalars(
                select(UserRow).where(UserRow.token_hash == hash_token(token))
            ).first()
        return _user(row) if row is not None and row.active else None

    def create_first_admin(self) -> tuple[User, str] | None:
        """An admin and its token when there are no users yet (first start); else None.

        Lets a fresh installation log in to the web without a separate step; the token is
        shown once by the caller and only its hash is stored, like any other.
        """
        with self.database.session() as session:
            if session.scalars(select(UserRow.id).limit(1)).first() is not None:
                return None
        try:
            return self.create(
                name="Administración", email="admin@localhost", roles=["admin"], unit=None
            )
        except UserError:
            return None  # another worker created it at the same moment

    def active(self, user_id: str) -> User | None:
        """The user with ``user_id`` while still active (a web session's rule), or None."""
        with self.database.session() as session:
            row = session.get(UserRow, user_id)
        return _user(row) if row is not None and row.active else None

    def by_email(self, email: str) -> User | None:
        """The active user registered with ``email`` (any case), or None."""
        if not email.strip():
            return None
        with self.database.session() as session:
            row = self._row(session, email)
        return _user(row) if row is not None and row.active else None

    def new_token(self, identifier: str) -> tuple[User, str]:
        """A new token for the user (email or id): the old one stops working and every web
        session opened with it ends. The token is shown once; only its hash is stored."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        user = self._change(identifier, token_hash=hash_token(token))
        return user, token

    def deactivate(self, identifier: str) -> User:
        """Deactivate the user (email or id): no token, no web session works any more."""
        return self._change(identifier, active=False)

    def _change(self, identifier: str, **values: object) -> User:
        with self.database.session() as session:
            row = self._row(session, identifier)
            if row is None:
                raise UserError(f"No existe el usuario «{identifier}».")
            for name, value in values.items():
                setattr(row, name, value)
            user = _user(row)
        if self.sessions is not None:
            self.sessions.revoke_user(user.user_id)
        return user

    @staticmethod
    def _row(session: Session, identifier: str) -> UserRow | None:
        key = identifier.strip()
        return session.scalars(
            select(UserRow).where((UserRow.email == key.lower()) | (UserRow.id == key))
        ).first()

    def acting(self, identifier: str | None, *roles: str) -> User:
        """The active user whose email or id is ``identifier`` and who has one of ``roles``
        (admin always): who a terminal command acts as, checked like the API checks a token.

        Raises:
            ActingUserError: Nobody given, unknown, inactive, or without the role.
        """
        needed = " o ".join(roles)
        if not identifier or not identifier.strip():
            raise ActingUserError(
                f"Indique con --usuario el correo de una persona registrada con el rol {needed}."
            )
        key = identifier.strip()
        with self.database.session() as session:
            row = self._row(session, key)
        user = _user(row) if row is not None and row.active else None
        if user is None:
            raise ActingUserError(f"No hay un usuario activo «{key}» (asistente usuarios listar).")
        if not user.has(*roles):
            raise ActingUserError(f"{user.name} no tiene el rol {needed} que pide esta acción.")
        return user

    def list(self) -> list[User]:
        """All users."""
        with self.database.session() as session:
            return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.email))]


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.email, row.unit, frozenset(row.roles.split(",")))
