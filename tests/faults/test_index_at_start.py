"""The API starts over a missing or corrupt vector store, notices and rebuilds it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from assistant.wiring import build_services
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


def _remove(chroma: Path) -> None:
    shutil.rmtree(chroma)


def _corrupt(chroma: Path) -> None:
    (chroma / "chroma.sqlite3").write_bytes(b"esto no es una base de datos SQLite" * 100)
    for segment in [p for p in chroma.iterdir() if p.is_dir()]:
        shutil.rmtree(segment)


def _corrupt_manifest(chroma: Path) -> None:
    (chroma.parent / "manifest.json").write_text("{roto", encoding="utf-8")


@pytest.mark.parametrize("damage", [_remove, _corrupt, _corrupt_manifest])
def test_the_api_rebuilds_a_damaged_index_at_start(
    damage: Callable[[Path], None], policy_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "datos"
    shutil.copytree(policy_data_dir, data_dir)
    damage(data_dir / "indice" / "chroma")
    settings = make_settings(data_dir, database_url=f"sqlite:///{tmp_path / 'api.db'}")
    services = build_services(settings)
    _, token = services.users.create(name="Ana", email="ana@dnp.gov.co", roles=["funcionario"])
    with TestClient(create_app(settings, services)) as client:
        health = client.get("/salud").json()
        assert health["ok"] and health["indice"], health
        answer = client.post(
            "/api/v1/preguntas",
            json={"pregunta": "¿Quién da feedback a la ficha de pre-diseño?"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200 and answer.json()["citas"]
    assert (data_dir / "indice" / "chroma" / "chroma.sqlite3").stat().st_size > 10_000
