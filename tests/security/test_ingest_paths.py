"""Path traversal through ``asistente cargar``: only files inside the allowed folders are
read, however the path is written (``..``, absolute, a symlink, a look-alike folder)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from api.cli.main import main
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

SECRET = "CONTENIDO-SECRETO-FUERA-DE-LA-CARPETA"


def _dotdot(allowed: Path, outside: Path) -> Path:
    return allowed / ".." / outside.parent.name / outside.name


def _absolute(allowed: Path, outside: Path) -> Path:
    return outside


def _symlink(allowed: Path, outside: Path) -> Path:
    link = allowed / "enlace.txt"
    link.symlink_to(outside)
    return link


def _symlinked_folder(allowed: Path, outside: Path) -> Path:
    (allowed / "subcarpeta").symlink_to(outside.parent, target_is_directory=True)
    return allowed / "subcarpeta" / outside.name


def _look_alike(allowed: Path, outside: Path) -> Path:
    twin = allowed.with_name(allowed.name + "-gemela")
    twin.mkdir()
    target = twin / "guia.txt"
    shutil.copy(outside, target)
    return target


@pytest.mark.parametrize("written", [_dotdot, _absolute, _symlink, _symlinked_folder, _look_alike])
def test_files_outside_the_allowed_folders_are_never_read(
    written: Callable[[Path, Path], Path],
    policy_data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data_dir = tmp_path / "datos"
    shutil.copytree(policy_data_dir, data_dir)
    allowed = tmp_path / "permitida"
    allowed.mkdir()
    (tmp_path / "privada").mkdir()
    outside = tmp_path / "privada" / "secreto.txt"
    outside.write_text(f"# Secreto\n\n{SECRET}\n", encoding="utf-8")
    manifest = (data_dir / "indice" / "manifest.json").read_text(encoding="utf-8")
    settings = make_settings(
        data_dir,
        database_url=f"sqlite:///{tmp_path / 'cli.db'}",
        knowledge={"allowed_dirs": [allowed]},
    )

    code = main(["cargar", str(written(allowed, outside))], settings=settings)

    output = capsys.readouterr()
    assert code == 2
    assert "fuera de las carpetas permitidas" in output.err
    assert SECRET not in output.out + output.err
    assert (data_dir / "indice" / "manifest.json").read_text(encoding="utf-8") == manifest
    assert not any(
        SECRET in p.read_text(encoding="utf-8", errors="ignore") for p in data_dir.rglob("*.txt")
    )
