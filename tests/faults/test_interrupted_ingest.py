"""``asistente cargar`` killed (SIGKILL) while it builds the new generation (encoding the
guide's passages, then writing the generation): the old index keeps serving and the same
ingest succeeds afterwards."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.wiring import build_services
from tests.conftest import make_settings

pytestmark = pytest.mark.slow

GUIDE_SECTIONS = 80


def _guide(folder: Path) -> Path:
    """A long guide (many chunks, so embedding it takes a while)."""
    parts = ["# Guía de viáticos territoriales"]
    for n in range(GUIDE_SECTIONS):
        parts.append(f"## Sección {n}: comisión número {n}")
        parts.append(
            f"La comisión {n} al municipio {n} reconoce una tarifa diaria de viáticos de "
            f"{100 + n} mil pesos; el formato {n} se radica con {n % 7 + 1} días de antelación. "
            * 8
        )
    path = folder / "guia_viaticos.md"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return path


def _ingest(data_dir: Path, document: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "ASISTENTE_DATA_DIR": str(data_dir),
        "ASISTENTE_DATABASE_URL": f"sqlite:///{data_dir / 'asistente.db'}",
        "ASISTENTE_KNOWLEDGE__ALLOWED_DIRS": json.dumps([str(document.parent)]),
    }
    script = Path(sys.executable).with_name("asistente")
    return subprocess.Popen(
        [str(script), "cargar", str(document)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _cached_vectors(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "indice" / "cache_embeddings.sqlite", timeout=30) as db:
        return int(db.execute("SELECT count(*) FROM vectors").fetchone()[0])


def _building(data_dir: Path, cached_before: int) -> bool:
    """The ingest encodes the guide (new vectors in the cache) or writes the generation."""
    generations = data_dir / "indice" / "generaciones"
    staging = any(p.name.startswith(".nueva-") for p in generations.iterdir())
    return staging or _cached_vectors(data_dir) > cached_before


def test_a_killed_ingest_leaves_the_old_index_serving(
    policy_data_dir: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "datos"
    shutil.copytree(policy_data_dir, data_dir)
    manifest = data_dir / "indice" / "manifest.json"
    before = manifest.read_text(encoding="utf-8")
    document = _guide(tmp_path)
    cached_before = _cached_vectors(data_dir)

    loading = _ingest(data_dir, document)
    deadline = time.monotonic() + 120
    while not _building(data_dir, cached_before):
        assert loading.poll() is None, loading.stdout.read() if loading.stdout else ""
        assert time.monotonic() < deadline, "la carga no empezó a construir la generación"
        time.sleep(0.05)
    time.sleep(0.5)  # well into embedding the guide's chunks
    assert loading.poll() is None, "la carga terminó antes de poder interrumpirla"
    loading.send_signal(signal.SIGKILL)
    loading.wait(timeout=30)

    assert manifest.read_text(encoding="utf-8") == before
    settings = make_settings(data_dir, database_url=f"sqlite:///{tmp_path / 'api.db'}")
    knowledge = build_services(settings).knowledge
    knowledge.warm_up()
    assert knowledge.is_ready()
    assert {d.source_id for d in knowledge.documents()} == {"politica_llegada_territorio"}
    assert knowledge.search("ficha de pre-diseño", k=3)

    retried = _ingest(data_dir, document)
    output, _ = retried.communicate(timeout=600)
    assert retried.returncode == 0, output.decode(errors="replace")
    assert "guia_viaticos" in {d.source_id for d in knowledge.documents()}
