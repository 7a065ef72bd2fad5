"""The SQLMesh project on its own: unit tests pass, the linter is clean, every mart is audited."""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t
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
    context = project.new_context(load_state=False, with_tests=True)
    result = context.test()
    assert result.testsRun >= 8  # one per mart formula, see tests/sqlmesh/
    assert result.wasSuccessful(), [str(f) for f in result.failures + result.errors]


def test_linter_is_clean(project: SQLMeshProject) -> None:
    # In a fresh interpreter: SQLMesh's macro registry is process-wide, and other tests of this
    # worker load the project in-process (the Spark gateway's, the benchmark's). Once, at the
    # end of a CI run, linting here found a macro's module-level helper missing from a model's
    # Python environment (NameError: _exact_sum_sql); a new process lints what a user's
    # `sqlmesh lint` would.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipelines.lib.sqlmesh_project import SQLMeshProject\n"
        "context = SQLMeshProject(Path(sys.argv[1])).new_context(load_state=False)\n"
        "sys.exit(1 if context.lint_models(raise_on_error=False) else 0)\n"
    )
    linted = subprocess.run(
        [sys.executable, "-c", code, str(project.root)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_a_refresh_context_reads_the_models_without_the_unit_tests(
    project: SQLMeshProject,
) -> None:
    # a refresh runs the unit tests only when the code changed, from a context with them
    without = project.new_context(load_state=False)
    assert len(without.models) > 60 and not without.models_with_tests
    with_tests = project.new_context(load_state=False, with_tests=True)
    tested = {name.split(".")[-1].strip('"') for name in with_tests.models_with_tests}
    files = {p.stem.removeprefix("test_") for p in (PROJECT_ROOT / "tests" / "sqlmesh").iterdir()}
    assert files and files <= tested, files - tested


def test_every_mart_has_audits_and_a_unit_test(project: SQLMeshProject) -> None:
    context = project.new_context(load_state=False, with_tests=True)
    marts = [n for n in project.models() if n.schema == "marts"]
    assert len(marts) == 24  # 21 built on the sample sources, 3 on the real PX-Web tables
    assert all(n.audits for n in marts)
    tested = {name.split(".")[-1].strip('"') for name in context.models_with_tests}
    untested = {n.table for n in marts if n.table.startswith("fct_") and n.table not in tested}
    assert not untested, untested


def audit_query(name: str, connection: t.Any) -> str:
    """An audit's SQL, after its AUDIT (...) header, for rows the test made in table `cells`
    of ``connection``: its macros expanded as SQLMesh expands them when the audit runs."""
    import importlib.util

    from sqlglot import exp, parse_one
    from sqlmesh.core.engine_adapter import DuckDBEngineAdapter
    from sqlmesh.core.macros import MacroEvaluator

    for path in sorted((PROJECT_ROOT / "macros").glob("*.py")):  # registers the macros
        spec = importlib.util.spec_from_file_location(f"project_macros_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    text = (PROJECT_ROOT / "audits" / f"{name}.sql").read_text(encoding="utf-8")
    evaluator = MacroEvaluator(dialect="duckdb")
    evaluator.locals.update(
        this_model=exp.to_table("cells"), engine_adapter=DuckDBEngineAdapter(lambda: connection)
    )
    query = evaluator.transform(parse_one(text.split(");", 1)[1], dialect="duckdb"))
    assert isinstance(query, exp.Expr)
    return query.sql(dialect="duckdb")


def test_the_suppression_audit_catches_any_measure_a_suppressed_cell_shows() -> None:
    """Two suppressed cells; one shows a measure the audit does not name (a column added
    later): the audit returns that cell, and only that one."""
    import duckdb

    with duckdb.connect() as connection:
        connection.execute(
            "CREATE TABLE cells AS SELECT *, NULL::TEXT AS suppressed_measures, "
            "'89' AS geography_code, 'current' AS price_basis, 'million VND' AS unit, "
            "'Q' AS obs_status, 'A' AS conf_status FROM (VALUES "
            "('section', 'A', 2024, 2, TRUE, 'threshold', 'survey', 'synthetic', NULL::DOUBLE, "
            "NULL::DOUBLE), "
            "('section', 'B', 2024, 1, TRUE, 'threshold', 'survey', 'synthetic', NULL, 12.5), "
            "('section', 'C', 2024, 40, FALSE, NULL, 'survey', 'synthetic', 3.0, 4.0)) "
            "AS t(breakdown, breakdown_code, survey_year, enterprise_count, is_suppressed, "
            "suppression_reason, data_source, data_origin, value_added_mvnd, a_new_measure)"
        )
        query = audit_query("assert_suppressed_cells_reveal_nothing", connection)
        found = connection.execute(query).fetchall()
    assert found == [("section", "B", 2024, 12.5)]


def _fingerprint(warehouse_dir: Path, change: str = "") -> str:
    """SQLMesh's fingerprint of the project's configuration (what keys its parsed-model cache),
    read as SQLMesh reads config.py, with the warehouse in ``warehouse_dir``."""
    code = f"import config\nc = config.config{change}\nprint(c.fingerprint)\n"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PRODUCTIVITY_")},
        "PRODUCTIVITY_WAREHOUSE_DIR": str(warehouse_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def test_the_parsed_models_are_reused_wherever_the_warehouse_is(tmp_path: Path) -> None:
    # SQLMesh keys its cache of parsed models on this fingerprint: a warehouse in another
    # folder (a test's, a moved one) reads the models from the cache instead of parsing them
    here, there = _fingerprint(tmp_path / "a"), _fingerprint(tmp_path / "b" / "c")
    assert here == there
    # what a model parses to still keys it: another default cron is another fingerprint
    daily = (
        ".copy(update={'model_defaults': "
        "config.config.model_defaults.copy(update={'cron': '@daily'})})"
    )
    assert _fingerprint(tmp_path / "a", daily) != here


def test_every_audit_reads_only_its_model_and_what_the_model_is_built_from(
    project: SQLMeshProject,
) -> None:
    # what lets a refresh keep the audits of a model nothing upstream of it touched
    # (SQLMeshProject._untouched): the tables each audit's rendered SQL reads
    from sqlglot import exp

    context = project.new_context(load_state=False)
    read: dict[tuple[str, str], set[str]] = {}
    for node in project.models():
        model = context.get_model(node.name)
        for audit, args in model.audits_with_args:
            query = model.render_audit_query(audit, **args)
            ctes = {cte.alias for cte in query.find_all(exp.CTE)}
            read.setdefault((node.name, audit.name), set()).update(
                f"{table.db}.{table.name}"
                for table in query.find_all(exp.Table)
                if table.name not in ctes
            )
    assert len(read) > 50
    # the plausible-range rule reads the ranges, a table its mart is built from
    assert read[("marts.fct_labour_productivity", "assert_within_plausible_range")] == {
        "marts.fct_labour_productivity",
        "reference.plausible_ranges",
    }
    outside = {
        key: tables - {key[0]} - project.upstream(key[0])
        for key, tables in read.items()
        if tables - {key[0]} - project.upstream(key[0])
    }
    assert not outside, outside


def test_a_run_is_due_only_once_a_model_s_cron_has_ticked(project: SQLMeshProject) -> None:
    # the project's crons: @monthly by default, @yearly for the survey's incremental models
    from datetime import UTC, datetime

    from pipelines.lib.sqlmesh_project import nothing_due

    models = list(project.new_context(load_state=False).models.values())
    since = datetime(2026, 12, 4, 21, 0, tzinfo=UTC)
    assert nothing_due(models, since, datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC))
    # the first of the month: every monthly model has a new interval
    assert not nothing_due(models, since, datetime(2027, 1, 1, 0, 0, 1, tzinfo=UTC))
    survey = [m for m in models if m.cron == "@yearly"]
    assert survey and nothing_due(survey, datetime(2026, 2, 1, tzinfo=UTC), since)
    assert not nothing_due(survey, datetime(2025, 12, 31, 23, 0, tzinfo=UTC), since)
