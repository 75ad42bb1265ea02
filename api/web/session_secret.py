"""The key that signs web session cookies, shared by every worker process."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from assistant.settings import Settings

SECRET_FILE = "secreto_sesion"
MIN_LENGTH = 32


def session_secret(settings: Settings) -> str:
    """The configured secret, or the one stored in ``<data_dir>/secreto_sesion``.

    The file is created once with 0600 permissions; workers starting together race to
    create it atomically (a hard link of a complete temporary file), so all of them end up
    reading the same key.
    """
    configured = settings.http.session_secret
    if configured is not None:
        return configured.get_secret_value()
    path = settings.data_dir / SECRET_FILE
    stored = _read(path)
    if stored:
        return stored
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker won the race: use its key
    finally:
        temporary.unlink(missing_ok=True)
    stored = _read(path)
    if not stored:
        raise RuntimeError(f"No se pudo leer la clave de sesión de {path}.")
    return stored


def _read(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    return text if len(text) >= MIN_LENGTH else None
