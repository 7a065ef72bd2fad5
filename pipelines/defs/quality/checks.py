"""Great Expectations suites as Dagster asset checks, one per file in ``suites/``.

A blocking check that fails stops every asset downstream of the checked one in the same
run: the marts keep their last good state.
"""

import dagster as dg

from pipelines.defs.ingest.assets import WAREHOUSE_WRITER_POOL
from pipelines.lib.gx_suites import SuiteFile, all_suites, validate_table
from pipelines.lib.resources import WarehouseResource


def build_suite_check(suite: SuiteFile) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(suite.asset),
        name=f"gx_{suite.name}",
        blocking=suite.blocking,
        # Even a read needs the slot: DuckDB refuses to open a file another process writes.
        pool=WAREHOUSE_WRITER_POOL,
        description=(
            f"Great Expectations suite `{suite.name}` on {suite.table}: {suite.description}"
        ),
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as connection:
            outcome = validate_table(suite, connection)
        failed = outcome.failed
        summary = "; ".join(
            f"{e.expectation}({e.column or ''}): observed {e.observed}" for e in failed
        )
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=(
                f"{len(failed)} of {len(outcome.expectations)} expectations failed on "
                f"{suite.table}: {summary}"
                if failed
                else f"all {len(outcome.expectations)} expectations passed on {suite.table}"
            ),
            metadata={
                "suite": dg.MetadataValue.text(suite.name),
                "table": dg.MetadataValue.text(suite.table),
                "rows_validated": dg.MetadataValue.int(outcome.rows),
                "expectations": dg.MetadataValue.int(len(outcome.expectations)),
                "failed_expectations": dg.MetadataValue.int(len(failed)),
                "failures": dg.MetadataValue.text(summary or "none"),
            },
        )

    return _check


suite_checks = [build_suite_check(suite) for suite in all_suites()]
