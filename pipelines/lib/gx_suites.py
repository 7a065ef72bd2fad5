"""Run a Great Expectations 1.x suite, declared in a YAML file, on a warehouse table.

GX 1.x has no Dagster integration (dagster-ge pins GX < 1.0), so validation is wrapped in
`@asset_check` here. GX is imported lazily: importing it costs seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import duckdb

SUITES_DIR = Path(__file__).resolve().parents[1] / "defs" / "quality" / "suites"


@dataclass(frozen=True)
class SuiteFile:
    name: str
    table: str  # schema.table in the warehouse
    asset: list[str]  # Dagster asset key path
    blocking: bool
    description: str
    expectations: list[dict[str, Any]]

    @classmethod
    def load(cls, path: Path) -> SuiteFile:
        with path.open(encoding="utf-8") as handle:
            spec = yaml.safe_load(handle)
        return cls(
            name=spec["suite"],
            table=spec["table"],
            asset=list(spec["asset"]),
            blocking=bool(spec.get("blocking", True)),
            description=spec.get("description", ""),
            expectations=list(spec["expectations"]),
        )


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    observed: str
    unexpected_count: int | None


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    table: str
    success: bool
    rows: int
    expectations: list[ExpectationOutcome]

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]


def all_suites() -> list[SuiteFile]:
    return [SuiteFile.load(p) for p in sorted(SUITES_DIR.glob("*.yaml"))]


def validate_table(suite: SuiteFile, connection: duckdb.DuckDBPyConnection) -> SuiteOutcome:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.expectations.registry import get_expectation_impl

    frame = connection.execute(f"SELECT * FROM {suite.table}").df()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # GX draws a progress bar per validation; it would drown the refresh's own progress.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas("warehouse")
        .add_dataframe_asset(name=suite.table)
        .add_batch_definition_whole_dataframe("whole_table")
    )
    expectation_suite = context.suites.add(gx.ExpectationSuite(name=suite.name))
    for spec in suite.expectations:
        expectation_class = get_expectation_impl(spec["type"])
        expectation_suite.add_expectation(expectation_class(**spec.get("kwargs", {})))
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(
            name=f"{suite.name}_validation", data=batch, suite=expectation_suite
        )
    )
    result = validation.run(batch_parameters={"dataframe": frame})
    outcomes = []
    for item in result.results:
        config = item.expectation_config
        details = item.result or {}
        observed = details.get("observed_value")
        if observed is None and "unexpected_count" in details:
            observed = f"{details['unexpected_count']} unexpected of {details.get('element_count')}"
            examples = details.get("partial_unexpected_list") or []
            if examples:
                observed += f", e.g. {examples[:3]}"
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type if config else "?",
                column=(config.kwargs.get("column") if config else None),
                success=bool(item.success),
                observed=str(observed),
                unexpected_count=details.get("unexpected_count"),
            )
        )
    return SuiteOutcome(
        suite=suite.name,
        table=suite.table,
        success=bool(result.success),
        rows=len(frame),
        expectations=outcomes,
    )
