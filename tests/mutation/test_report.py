"""The mutation report: scores per module, reviewed equivalent mutants set apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.mutation.report import Score, reviewed_equivalents, score


def _meta(root: Path, module: str, verdicts: dict[str, int | None]) -> None:
    path = root / (module.replace(".", "/") + ".py.meta")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"exit_code_by_key": verdicts}), "utf-8")


def test_a_reviewed_equivalent_survivor_counts_neither_way(tmp_path: Path) -> None:
    _meta(
        tmp_path,
        "pkg.mod",
        {"m__1": 1, "m__2": 0, "m__3": 0, "m__4": -24, "m__5": None, "m__6": 33, "m__7": 1},
    )
    result = score("pkg.mod", tmp_path, frozenset({"m__3", "m__7"}))
    # m__7 is listed but a test kills it: it stays caught.
    assert result == Score(caught=3, escaped=2, pending=1, timed_out=1, equivalent=1)
    assert result.checked == 5
    assert score("otro.mod", tmp_path) == Score()


def test_every_reviewed_equivalent_has_a_reason(tmp_path: Path) -> None:
    shipped = reviewed_equivalents()
    assert all(reason for reason in shipped.values())
    path = tmp_path / "equivalentes.txt"
    path.write_text("# comentario\n\nm__1  # mismo resultado\n", "utf-8")
    assert reviewed_equivalents(path) == {"m__1": "mismo resultado"}
    path.write_text("m__1\n", "utf-8")
    with pytest.raises(ValueError, match="equivalentes.txt:1: falta la razón de «m__1»"):
        reviewed_equivalents(path)


def test_a_mutant_is_judged_by_the_tests_of_its_area() -> None:
    from tests.mutation.scope import judges

    rules = "intake.rules.engine.xǁRulesEngineǁ_run__mutmut_3"
    assert judges(rules, "tests/intake/test_engine.py::test_x")
    assert not judges(rules, "tests/api/web/test_route_matrix.py::test_role_matrix[GET /]")
    slack = "api.slack.http.x__well_formed__mutmut_7"
    assert judges(slack, "tests/security/test_slack_junk.py::test_unsigned_junk_is_a_401[nul]")
    assert not judges(slack, "tests/security/test_secrets_in_logs.py::test_x")
    assert not judges("api.web.auth.x_admitted__mutmut_1", "tests/intake/test_engine.py::t")
    # Outside mutation testing every test runs.
    assert judges("", "tests/api/web/test_route_matrix.py::t")
    assert judges("stats", "tests/api/web/test_route_matrix.py::t")


def test_a_sample_counts_only_the_named_mutants(tmp_path: Path) -> None:
    _meta(tmp_path, "pkg.mod", {"m__1": 1, "m__2": 0, "m__3": 0})
    assert score("pkg.mod", tmp_path, only=frozenset({"m__1", "m__2"})) == Score(1, 1)
