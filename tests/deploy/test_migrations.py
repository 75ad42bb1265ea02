"""Workers that start together on a fresh database: the migrations run once, nobody fails."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.slow

WORKERS = 4
CHILD = """
import sys, time
from pathlib import Path
from assistant.storage.database import Database
database = Database(sys.argv[1])
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
database.create_schema()
database.dispose()
"""


def test_workers_starting_together_migrate_a_fresh_database_once(
    database_url: str, tmp_path: Path
) -> None:
    go = tmp_path / "ya"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, database_url, str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    time.sleep(3)  # every worker imported and waits at the line
    go.touch()
    failures = []
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        if worker.returncode != 0:
            failures.append(err.strip().splitlines()[-1])
    assert failures == []
    engine = create_engine(database_url)
    with engine.connect() as connection:
        heads = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        tables = connection.execute(text("SELECT count(*) FROM users")).scalar_one()
    engine.dispose()
    assert len(heads) >= 1 and tables == 0
