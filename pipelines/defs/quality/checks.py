"""Great Expectations suites as Dagster asset checks, one per file in ``suites/``.

A blocking check that fails stops every asset downstream of the checked one in the same run,
so nothing built on bad data is published. Every result is appended to
`quality.check_history`, and the check's metadata links to the Data Docs.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from pipelines.lib.fingerprints import content_version
from pipelines.lib.gx_suites import (
    SuiteFile,
    all_suites,
    repair_quality_project,
    validate_table,
)
from pipelines.lib.quality_history import CheckRecord, passed_on, previous_row_count, record_checks
from pipelines.lib.resources import WarehouseResource
from pipelines.settings import data_docs_url, load_settings


def _run_partitions(tags: Mapping[str, str]) -> list[str] | None:
    """The run's partition keys (survey years), from the tags Dagster puts on partitioned runs."""
    if "dagster/asset_partition_range_start" in tags:
        first = int(tags["dagster/asset_partition_range_start"])
        last = int(tags["dagster/asset_partition_range_end"])
        return [str(year) for year in range(first, last + 1)]
    if "dagster/partition" in tags:
        return [tags["dagster/partition"]]
    return None


def _partitions_to_validate(
    connection: Any, suite: SuiteFile, run_id: str, in_run: list[str] | None
) -> list[str] | None:
    """The partitions this run actually (re)loaded into the suite's table.

    A refresh runs every survey year, but the ingest skips files whose checksum it has already
    loaded: validating only what changed keeps an incremental refresh proportional to the new
    data. When the run loaded nothing new, the run's partitions are validated again.
    """
    if not suite.partition_column or in_run is None:
        return in_run
    loaded = connection.execute(
        "SELECT DISTINCT partition_key FROM raw.load_log "
        "WHERE target_table = ? AND dagster_run_id = ? AND partition_key IS NOT NULL",
        [suite.table, run_id],
    ).fetchall()
    changed = sorted({key for (key,) in loaded} & set(in_run))
    return changed or in_run


def _unchanged_result(
    connection: Any,
    suite: SuiteFile,
    check_name: str,
    version: str,
    standing: tuple[str, int | None],
    context: dg.AssetCheckExecutionContext,
) -> dg.AssetCheckResult:
    """The table is what a passing validation checked (same code, same sources): that result
    stands. Recorded in the history as such, with the rows that validation counted."""
    run, rows = standing
    note = f"not re-validated: {suite.table} is unchanged since run {run[:8]} validated it"
    record_checks(
        connection.execute,
        [
            CheckRecord(
                check_name,
                "great_expectations",
                "/".join(suite.asset),
                "suite",
                True,
                note,
                "unchanged",
                rows,
                version,
            )
        ],
        datetime.now(UTC),
        context.run.run_id,
    )
    return dg.AssetCheckResult(
        passed=True,
        severity=dg.AssetCheckSeverity.ERROR,
        description=note,
        metadata={
            "suite": dg.MetadataValue.text(suite.name),
            "table": dg.MetadataValue.text(suite.table),
            "unchanged_since_run": dg.MetadataValue.text(run),
            "data_version": dg.MetadataValue.text(version),
        },
    )


def build_suite_check(suite: SuiteFile) -> dg.AssetChecksDefinition:
    check_name = f"gx_{suite.name}"

    @dg.asset_check(
        asset=dg.AssetKey(suite.asset),
        name=check_name,
        blocking=suite.blocking,
        description=(
            f"Great Expectations suite `{suite.name}` on {suite.table}: {suite.description}"
        ),
    )
    def _check(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
    ) -> dg.AssetCheckResult:
        settings = load_settings()
        # whatever a full disk or a kill left unreadable is rebuilt, validated or not
        repair_quality_project(settings.quality_dir)
        with warehouse.connect() as connection:
            version = content_version(lambda sql: connection.execute(sql).fetchall(), [suite.table])
            standing = passed_on(connection.execute, check_name, version)
            if standing is not None:
                return _unchanged_result(connection, suite, check_name, version, standing, context)
            partitions = _partitions_to_validate(
                connection, suite, context.run.run_id, _run_partitions(context.run.tags)
            )
            previous = previous_row_count(connection.execute, check_name)
            outcome = validate_table(suite, connection, settings.quality_dir, previous, partitions)
            asset_key = "/".join(suite.asset)
            record_checks(
                connection.execute,
                [
                    CheckRecord(
                        check_name,
                        "great_expectations",
                        asset_key,
                        "suite",
                        outcome.success,
                        f"{len(outcome.failed)} expectations failed; "
                        f"{outcome.rows_validated} rows validated",
                        f"{len(outcome.expectations)} expectations",
                        outcome.rows,
                        version,
                    ),
                    *(
                        CheckRecord(
                            check_name,
                            "great_expectations",
                            asset_key,
                            f"{e.expectation}({e.column or ''})",
                            e.success,
                            e.observed,
                            e.threshold,
                            outcome.rows,
                        )
                        for e in outcome.expectations
                    ),
                ],
                datetime.now(UTC),
                context.run.run_id,
            )
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=outcome.summary(),
            metadata={
                "suite": dg.MetadataValue.text(suite.name),
                "table": dg.MetadataValue.text(suite.table),
                "rows_validated": dg.MetadataValue.int(outcome.rows_validated),
                "table_rows": dg.MetadataValue.int(outcome.rows),
                **(
                    {"partitions_validated": dg.MetadataValue.text(", ".join(partitions))}
                    if partitions and suite.partition_column
                    else {}
                ),
                "expectations": dg.MetadataValue.int(len(outcome.expectations)),
                "failed_expectations": dg.MetadataValue.int(len(outcome.failed)),
                "failures": dg.MetadataValue.text(outcome.summary() if outcome.failed else "none"),
                **(
                    {
                        # over http (`productivity ui` serves the site): the UI is an http
                        # page, from which a browser refuses to open file:// links
                        "data_docs": dg.MetadataValue.url(data_docs_url("index.html")),
                        "data_docs_file": dg.MetadataValue.path(str(outcome.data_docs)),
                    }
                    if outcome.data_docs
                    else {}
                ),
            },
        )

    return _check


suite_checks = [build_suite_check(suite) for suite in all_suites()]
