"""Every Great Expectations suite passes on the sample and fails, for its stated reason, on a
crafted copy of the table with one defect. Real GX validations on real DuckDB tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.quality.checks import build_suite_check
from pipelines.lib.gx_suites import SuiteFile, all_suites, validate_table, validation_batches
from pipelines.lib.resources import WarehouseResource
from tests.conftest import RefreshRun

SUITES = {suite.name: suite for suite in all_suites()}

# suite -> (SQL that plants one defect in the copied table, {(expectation, column) that fail})
DEFECTS = {
    "raw_enterprise_survey": (
        "UPDATE raw.enterprise_survey SET ownership = 'private' WHERE source_row = 2 "
        "AND survey_year = 2016",
        {("expect_column_values_to_be_in_set", "ownership")},
    ),
    "raw_yearbook_cells": (
        "INSERT INTO raw.yearbook_cells SELECT * FROM raw.yearbook_cells LIMIT 1",
        {("expect_compound_columns_to_be_unique", None)},
    ),
    "raw_research_tasks": (
        "UPDATE raw.research_tasks SET end_date = start_date - INTERVAL 1 DAY "
        "WHERE task_code = (SELECT min(task_code) FROM raw.research_tasks)",
        {("expect_column_pair_values_a_to_be_greater_than_b", None)},
    ),
    "raw_research_recipients": (
        # a raw tax code where the pseudonym belongs: personal data leaking through
        "UPDATE raw.research_recipients SET recipient_id = '1600000000' WHERE recipient_id = ("
        "SELECT min(recipient_id) FROM raw.research_recipients "
        "WHERE recipient_type = 'enterprise')",
        {("expect_column_values_to_match_regex", "recipient_id")},
    ),
    "marts_labour_productivity": (
        "UPDATE marts.fct_labour_productivity SET labour_productivity_current_mvnd = 99999 "
        "WHERE geography_code = '89' AND sector_code = 'TOTAL' AND year = 2024",
        {("expect_column_values_to_be_between", "labour_productivity_current_mvnd")},
    ),
    "marts_enterprise_productivity": (
        "UPDATE marts.fct_enterprise_productivity SET is_suppressed = TRUE "
        "WHERE breakdown = 'all' AND survey_year = 2024",
        {
            ("expect_column_values_to_be_null", column)
            for column in (
                "labour_productivity_mvnd",
                "value_added_mvnd",
                "labour_productivity_median_mvnd",
                "average_employees",
            )
        },
    ),
    "marts_shift_share": (
        "UPDATE marts.fct_shift_share SET residual_pp = 0.5 WHERE period_code = '2016_2020' "
        "AND geography_code = '89'",
        {("expect_column_values_to_be_between", "residual_pp")},
    ),
    "reconciliations": (
        "UPDATE intermediate.int_quality_reconciliations SET observed = 1.1 * expected, "
        "difference_pct = 10.0, difference_in_tolerances = 100.0, passed = FALSE "
        "WHERE check_code = 'yearbook_sectors_vs_total' "
        "AND geography_code = '89' AND table_code = 'GRDP_HH' AND year = 2022",
        {("expect_column_values_to_be_between", "difference_in_tolerances")},
    ),
}


def test_every_suite_has_a_crafted_failure() -> None:
    assert set(DEFECTS) == set(SUITES)


@pytest.fixture
def copy_of(refreshed: RefreshRun) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database holding copies of the warehouse tables the suites read."""
    connection = duckdb.connect()
    connection.execute(f"ATTACH '{refreshed.warehouse}' AS productivity (READ_ONLY)")
    for suite in SUITES.values():
        schema, table = suite.table.split(".")
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS memory.{schema}")
        connection.execute(
            f"CREATE TABLE memory.{schema}.{table} AS SELECT * FROM productivity.{schema}.{table}"
        )
    connection.execute("USE memory")
    yield connection
    connection.close()


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_suite_passes_on_the_sample_and_fails_on_its_defect(
    name: str, copy_of: duckdb.DuckDBPyConnection
) -> None:
    suite: SuiteFile = SUITES[name]
    clean = validate_table(suite, copy_of)
    assert clean.success, clean.summary()

    defect, expected_failures = DEFECTS[name]
    copy_of.execute(defect)
    broken = validate_table(suite, copy_of)
    assert not broken.success
    assert {(e.expectation, e.column) for e in broken.failed} == expected_failures
    assert suite.table in broken.summary()


def test_reconciliation_failure_names_the_row_and_the_observed_value(
    copy_of: duckdb.DuckDBPyConnection,
) -> None:
    copy_of.execute(DEFECTS["reconciliations"][0])
    outcome = validate_table(SUITES["reconciliations"], copy_of)
    summary = outcome.summary()
    assert "intermediate.int_quality_reconciliations" in summary
    assert "check_code=yearbook_sectors_vs_total, geography_code=89, table_code=GRDP_HH" in summary
    assert "year=2022" in summary and "difference_pct=10.0" in summary


def test_row_count_is_checked_against_the_previous_load(copy_of: duckdb.DuckDBPyConnection) -> None:
    suite = SUITES["raw_enterprise_survey"]
    rows = copy_of.execute("SELECT count(*) FROM raw.enterprise_survey").fetchone()[0]
    assert validate_table(suite, copy_of, previous_row_count=rows).success
    # the last load had 3 times as many rows: this one lost two thirds of them
    shrunk = validate_table(suite, copy_of, previous_row_count=3 * rows)
    assert [e.expectation for e in shrunk.failed] == ["expect_table_row_count_to_be_between"]


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_failing_suite_blocks_what_is_downstream(
    name: str,
    refreshed: RefreshRun,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real asset check, run by Dagster on a warehouse holding the defect: the check fails
    and the asset downstream of the checked table is not materialised."""
    suite = SUITES[name]
    warehouse = tmp_path / "warehouse" / "crafted.duckdb"
    warehouse.parent.mkdir()
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"ATTACH '{refreshed.warehouse}' AS productivity (READ_ONLY)")
        schema, table = suite.table.split(".")
        connection.execute(f"CREATE SCHEMA {schema}")
        connection.execute(
            f"CREATE TABLE {schema}.{table} AS SELECT * FROM productivity.{schema}.{table}"
        )
        connection.execute("DETACH productivity")
        connection.execute(DEFECTS[name][0])
    monkeypatch.setenv("PRODUCTIVITY_WAREHOUSE_DIR", str(warehouse.parent))

    @dg.asset(key=suite.asset)
    def checked_table():  # type: ignore[no-untyped-def]  # Dagster reads annotations at run time
        """Stands in for the asset that wrote the table (already written above)."""
        return dg.MaterializeResult()

    @dg.asset(deps=[checked_table])
    def downstream() -> None:
        """Anything built on the checked table."""

    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [checked_table, downstream, build_suite_check(suite)],
            resources={"warehouse": WarehouseResource(path=str(warehouse))},
            instance=instance,
            raise_on_error=False,
        )
    (evaluation,) = result.get_asset_check_evaluations()
    assert not evaluation.passed
    assert suite.table in (evaluation.description or "")
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert dg.AssetKey(suite.asset) in materialized
    assert dg.AssetKey("downstream") not in materialized


def test_a_large_table_is_validated_in_batches_of_whole_years(
    copy_of: duckdb.DuckDBPyConnection,
) -> None:
    """A national census is never one pandas frame: with a batch of at most 2,500 rows the
    survey (about 1,100 rows a year in the sample) is read a few years at a time, and what it
    finds is what a validation of the whole table finds."""
    suite = SUITES["raw_enterprise_survey"]
    per_year = dict(
        copy_of.execute(
            "SELECT survey_year, count(*) FROM raw.enterprise_survey GROUP BY ALL"
        ).fetchall()
    )
    batches = validation_batches(copy_of, suite, [], batch_rows=2_500)
    assert len(batches) > 1
    # every year in exactly one batch, no batch over the limit unless it is a single year
    covered = []
    for _label, (condition,) in batches:
        years = [int(y) for y in condition.split("(")[1].rstrip(")").split(", ")]
        covered += years
        assert len(years) == 1 or sum(per_year[y] for y in years) <= 2_500
    assert sorted(covered) == sorted(per_year)

    # defects in two different batches: 3 negative revenues in 2016, 2 in 2024, and one
    # enterprise-year repeated in 2020
    copy_of.execute(
        "UPDATE raw.enterprise_survey SET revenue = -1 WHERE (survey_year = 2016 AND "
        "source_row IN (2, 3, 4)) OR (survey_year = 2024 AND source_row IN (2, 3))"
    )
    copy_of.execute(
        "INSERT INTO raw.enterprise_survey SELECT * FROM raw.enterprise_survey "
        "WHERE survey_year = 2020 LIMIT 1"
    )
    batched = validate_table(suite, copy_of, batch_rows=2_500)
    whole = validate_table(suite, copy_of, batch_rows=10**9)
    assert batched.rows_validated == whole.rows_validated == sum(per_year.values()) + 1
    failed = {(e.expectation, e.column) for e in batched.failed}
    assert (
        failed
        == {(e.expectation, e.column) for e in whole.failed}
        == {
            ("expect_column_values_to_be_between", "revenue"),
            ("expect_compound_columns_to_be_unique", None),
        }
    )
    revenue = next(e for e in batched.failed if e.column == "revenue")
    assert revenue.unexpected_count == 5
    assert "failed in 2 of" in revenue.observed
