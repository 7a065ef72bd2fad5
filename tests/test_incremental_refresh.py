"""Incremental by survey year, and still right: survey years landing one refresh at a time give
the very marts (and the very intermediate tables) of one full refresh of all of them, and each
of those refreshes rebuilds the year that landed, not the years already loaded.

Real refreshes, as a steward runs them, compared with the session's full refresh of the same
shipped sample (tests/conftest.py). This is also the suite's determinism check: two builds in
two empty warehouses (the session's and this test's first, of every source but two survey
years) published the same marts row for row, whatever was loaded in between.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.defs.transform.assets import STANDING
from pipelines.lib.sqlmesh_project import SQLMeshProject
from tests.conftest import (
    PROJECT_ROOT,
    SAMPLE_SOURCES,
    RefreshRun,
    mart_contents,
    published_file,
    run_refresh,
)

SURVEY = SAMPLE_SOURCES / "enterprise_survey"


def _survey_file(year: int) -> Path:
    (path,) = [p for p in SURVEY.iterdir() if re.search(rf"_{year}\.(csv|xlsx)$", p.name)]
    return path


def _table_contents(warehouse: Path, tables: list[str]) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every row of each of ``tables``."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            name: connection.execute(
                f"SELECT count(*), coalesce(sum(hash(t)), 0)::VARCHAR FROM {name} AS t"
            ).fetchone()
            for name in tables
        }


def survey_suite_result(run: RefreshRun) -> str:
    """What the survey's GX suite reported in the latest run (from quality.check_history)."""
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        row = connection.execute(
            "SELECT observed_value FROM quality.check_history "
            "WHERE check_name = 'gx_raw_enterprise_survey' AND detail = 'suite' "
            "ORDER BY checked_at DESC LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0])


def audit_outcomes(run: RefreshRun) -> dict[str, set[str]]:
    """{model: what its SQLMesh audits reported} in the latest Dagster run of ``run``."""
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT replace(asset_key, '/', '.'), observed_value FROM quality.check_history "
            "WHERE check_kind = 'sqlmesh_audit' AND dagster_run_id = ("
            "  SELECT dagster_run_id FROM quality.check_history "
            "  ORDER BY checked_at DESC LIMIT 1)"
        ).fetchall()
    found: dict[str, set[str]] = {}
    for model, observed in rows:
        found.setdefault(model, set()).add(observed)
    return found


def _built_models(output: str) -> set[str]:
    return set(re.findall(r"· built (\S+) in ", output))


def _downstream_of(source: str) -> set[str]:
    """Every model that reads ``source``, directly or through other models."""
    nodes = SQLMeshProject(PROJECT_ROOT).nodes
    found: set[str] = set()
    frontier = {source}
    while frontier:
        frontier = {
            n.name for n in nodes.values() if set(n.depends_on) & frontier and n.name not in found
        }
        found |= frontier
    return found


@pytest.mark.xdist_group("incremental")
def test_survey_years_landing_one_at_a_time_give_the_full_refresh(
    refreshed: RefreshRun, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_SOURCES, landing, ignore=shutil.ignore_patterns("README.md"))
    held_back = {year: _survey_file(year).name for year in (2023, 2024)}
    for name in held_back.values():
        (landing / "enterprise_survey" / name).unlink()
    work = tmp_path / "work"

    first = run_refresh(work, landing)
    assert first.returncode == 0, first.output

    survey_models = _downstream_of("raw.enterprise_survey")
    # the survey's models and what aggregates across years; nothing built from other sources
    assert "marts.fct_enterprise_productivity" in survey_models
    assert "marts.fct_labour_productivity" not in survey_models

    # the last year first, then the one before it: each refresh restates its own year only
    for year in (2024, 2023):
        shutil.copy2(_survey_file(year), landing / "enterprise_survey" / held_back[year])
        run = run_refresh(work, landing)
        assert run.returncode == 0, run.output
        assert f"restating raw.enterprise_survey for survey year {year} only" in run.output
        built = _built_models(run.output)
        assert "staging.stg_enterprise_survey__enterprise_years" in built
        assert built <= survey_models, built - survey_models
        if year == 2024:  # a CSV: its rows counted here; the survey suite validated only them
            with _survey_file(year).open(encoding="utf-8", newline="") as rows:
                rows_2024 = sum(1 for _ in csv.reader(rows)) - 1  # the sample quarantines none
            assert survey_suite_result(run) == f"0 expectations failed; {rows_2024} rows validated"
            # the audits of what the survey feeds ran again; the others stand as last audited
            audited = audit_outcomes(run)
            assert {m for m, found in audited.items() if found == {"0 failing rows"}} == {
                m for m in audited if m in survey_models
            }
            standing = {m for m, found in audited.items() if found == {STANDING}}
            assert standing == set(audited) - survey_models
            assert "marts.fct_labour_productivity" in standing

    # the same marts, row for row, as one full refresh of every year
    assert mart_contents(published_file(run)) == mart_contents(published_file(refreshed))
    # and the same rows in the survey's staging and intermediate tables (the incremental ones)
    below_marts = sorted(m for m in survey_models if not m.startswith("marts."))
    assert "intermediate.int_enterprise_years_measured" in below_marts
    assert _table_contents(run.warehouse, below_marts) == _table_contents(
        refreshed.warehouse, below_marts
    )


def test_only_the_survey_years_whose_files_changed_are_restated() -> None:
    project = SQLMeshProject(PROJECT_ROOT)
    # the survey is read by incremental models, by survey year; the yearbook is not
    assert project.partitioned_sources() == {"raw.enterprise_survey": "survey_year"}
    before = {
        "raw.enterprise_survey@2016": "a",
        "raw.enterprise_survey@2017": "b",
        "raw.enterprise_survey@2018": "c",
    }
    survey = ["raw.enterprise_survey"]
    changed = project._changed_partitions
    # 2017 re-delivered with other figures, 2019 new: the years from 2017 to 2019
    now = {**before, "raw.enterprise_survey@2017": "B", "raw.enterprise_survey@2019": "d"}
    assert changed(survey, now, before) == [2017, 2019]
    # a year withdrawn is restated too (its rows must go)
    withdrawn = {k: v for k, v in before.items() if not k.endswith("2016")}
    assert changed(survey, withdrawn, before) == [2016]
    # the yearbook changed as well: everything downstream of both, whole
    assert changed([*survey, "raw.yearbook_cells"], now, before) is None
    # a warehouse built before years were recorded: whole
    assert changed(survey, now, {}) is None
    # rows loaded without a year: whole
    assert changed(survey, {**before, "raw.enterprise_survey@": "x"}, before) is None
