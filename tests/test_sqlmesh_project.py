"""The SQLMesh project on its own: unit tests pass, the linter is clean, every mart is audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.lib.sqlmesh_project import SQLMeshProject

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SQLMeshProject:
    # Unit tests run in an in-memory DuckDB; the state file is kept out of the repository.
    monkeypatch.setenv("PRODUCTIVITY_WAREHOUSE", str(tmp_path / "productivity.duckdb"))
    return SQLMeshProject(PROJECT_ROOT)


def test_sqlmesh_unit_tests_pass(project: SQLMeshProject) -> None:
    context = project.new_context(load_state=False)
    result = context.test()
    assert result.testsRun >= 8  # one per mart formula, see tests/sqlmesh/
    assert result.wasSuccessful(), [str(f) for f in result.failures + result.errors]


def test_linter_is_clean(project: SQLMeshProject) -> None:
    context = project.new_context(load_state=False)
    assert not context.lint_models(raise_on_error=False)


def test_every_mart_has_audits_and_a_unit_test(project: SQLMeshProject) -> None:
    context = project.new_context(load_state=False)
    marts = [n for n in project.models() if n.schema == "marts"]
    assert len(marts) == 17
    assert all(n.audits for n in marts)
    tested = {name.split(".")[-1].strip('"') for name in context.models_with_tests}
    untested = {n.table for n in marts if n.table.startswith("fct_") and n.table not in tested}
    assert not untested, untested
