"""Run Great Expectations 1.x suites, declared in YAML files, on warehouse tables.

GX 1.x has no Dagster integration (dagster-ge pins GX < 1.0), so validation is wrapped in
`@asset_check` by pipelines/defs/quality. GX is imported lazily: importing it costs seconds.
Results go to a file-backed GX project under `<warehouse>/quality/gx`, whose Data Docs (HTML)
stewards open from the check's metadata in the Dagster UI.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from pipelines.lib.warehouse import sql_string
from pipelines.settings import DATA_DOCS_SITE

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
    where: str | None = None  # validate only these rows (SQL condition)
    row_count_vs_previous: dict[str, float] | None = None
    explain_failures_sql: str | None = None
    partition_column: str | None = None  # validate only the partitions the run loaded

    @classmethod
    def load(cls, path: Path) -> SuiteFile:
        with path.open(encoding="utf-8") as handle:
            spec = resolve_facts(yaml.safe_load(handle))
        if spec.get("partition_column"):
            # validated in batches of partitions: a bound on the whole table's rows cannot be
            # judged on one batch (the minimum is, each partition holding at least one row)
            for expectation in spec["expectations"]:
                if expectation["type"] == "expect_table_row_count_to_be_between" and (
                    expectation.get("kwargs", {}).get("max_value") is not None
                ):
                    raise ValueError(
                        f"{path.name}: a suite with a partition_column is validated in batches; "
                        "bound the table's rows with row_count_vs_previous, not max_value"
                    )
        return cls(
            name=spec["suite"],
            table=spec["table"],
            asset=list(spec["asset"]),
            blocking=bool(spec.get("blocking", True)),
            description=spec.get("description", ""),
            expectations=list(spec["expectations"]),
            where=spec.get("where"),
            row_count_vs_previous=spec.get("row_count_vs_previous"),
            explain_failures_sql=spec.get("explain_failures_sql"),
            partition_column=spec.get("partition_column"),
        )


# --- facts a suite reads from their one home ----------------------------------------------
# A suite never restates a code list, a pattern, a bound or a parameter: it names where the
# fact lives, and the value is read from there when the suite loads:
#   {from_contract_reference: [source, reference]}     every code of a contract's reference list
#   {from_contract_pattern: [source, table, column]}   a column's pattern in its contract
#   {from_contract_allowed: [source, table, column]}   the values a column holds once loaded
#   {from_yearbook_geographies: true}                  geography codes the yearbook contract reads
#   {from_plausible_ranges: [measure, min_value|max_value]}  models/seeds/plausible_ranges.csv
#   {from_parameters: parameter}                       models/seeds/productivity_parameters.csv


def _contract_reference(source: str, reference: str) -> list[str]:
    from pipelines.ingest.contracts import tabular_contract

    return sorted(tabular_contract(source).reference(reference).codes())


def _contract_column(source: str, table: str, column: str) -> Any:
    from pipelines.ingest.contracts import tabular_contract

    return tabular_contract(source).tables[table].columns[column]


def _contract_allowed(source: str, table: str, column: str) -> list[str]:
    allowed = _contract_column(source, table, column).allowed
    values = allowed.values() if isinstance(allowed, dict) else allowed or []
    return sorted(set(values))


def _yearbook_geographies(_: object) -> list[str]:
    from pipelines.ingest.contracts import district_names, load_contract

    provinces = load_contract("statistics_office")["provinces"].values()
    codes = {str(p["geography_code"]) for p in provinces}
    for code in list(codes):
        codes |= set(district_names(code).values())
    return sorted(codes)


def _plausible(measure: str, bound: str) -> float:
    from pipelines.ingest.contracts import plausible_ranges

    low, high, _ = plausible_ranges()[measure]
    return {"min_value": low, "max_value": high}[bound]


def _parameter(name: str) -> float:
    from pipelines.ingest.contracts import parameter

    return parameter(name)


RESOLVERS: dict[str, Any] = {
    "from_contract_reference": lambda a: _contract_reference(*a),
    "from_contract_pattern": lambda a: _contract_column(*a).pattern,
    "from_contract_allowed": lambda a: _contract_allowed(*a),
    "from_yearbook_geographies": _yearbook_geographies,
    "from_plausible_ranges": lambda a: _plausible(*a),
    "from_parameters": _parameter,
}


def resolve_facts(node: Any) -> Any:
    """The suite with every {from_…: …} replaced by the value it names."""
    if isinstance(node, dict):
        if len(node) == 1 and next(iter(node)) in RESOLVERS:
            ((name, argument),) = node.items()
            return RESOLVERS[name](argument)
        return {k: resolve_facts(v) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve_facts(v) for v in node]
    return node


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    observed: str
    unexpected_count: int | None
    threshold: str


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    table: str
    success: bool
    rows: int  # in the whole table (compared with the previous load)
    expectations: list[ExpectationOutcome]
    rows_validated: int = 0  # read and checked row by row (only the loaded partitions)
    data_docs: Path | None = None
    failure_details: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def summary(self) -> str:
        if not self.failed:
            return f"all {len(self.expectations)} expectations passed on {self.table}"
        parts = [
            f"{e.expectation}({e.column or ''}) observed {e.observed} (allowed {e.threshold})"
            for e in self.failed
        ]
        text = (
            f"{len(self.failed)} of {len(self.expectations)} expectations failed on {self.table}: "
        )
        text += "; ".join(parts)
        if self.failure_details:
            text += ". Failing rows: " + "; ".join(self.failure_details)
        return text


def repair_quality_project(quality_dir: Path) -> list[Path]:
    """Remove what a full disk or a kill left unreadable in the GX project; return it.

    Everything under `gx/` is rebuilt from code: the suites, validation definitions and
    checkpoints are written again by every validation, and Data Docs rebuilt from the results.
    A truncated or empty JSON file would otherwise make every later refresh fail on it.
    """
    import json
    import shutil

    gx_dir = quality_dir / "gx"
    if not gx_dir.is_dir():
        return []
    config = gx_dir / "great_expectations.yml"
    try:
        if config.exists() and not isinstance(yaml.safe_load(config.read_text("utf-8")), dict):
            raise ValueError("not a mapping")
    except (OSError, ValueError, yaml.YAMLError):
        shutil.rmtree(gx_dir)
        return [gx_dir]
    removed = []
    for path in sorted(gx_dir.rglob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            path.unlink()
            removed.append(path)
    return removed


def all_suites() -> list[SuiteFile]:
    return [SuiteFile.load(p) for p in sorted(SUITES_DIR.glob("*.yaml"))]


def _threshold(kwargs: dict[str, Any]) -> str:
    keys = ("min_value", "max_value", "value_set", "regex", "column_list")
    shown = {k: kwargs[k] for k in keys if k in kwargs}
    if "row_condition" in kwargs:
        shown["where"] = kwargs["row_condition"]
    return ", ".join(f"{k}={v}" for k, v in shown.items()) or "see suite"


def _table_rows(connection: duckdb.DuckDBPyConnection, suite: SuiteFile) -> int:
    query = f"SELECT count(*) FROM {suite.table}"
    if suite.where:
        query += f" WHERE {suite.where}"
    row = connection.execute(query).fetchone()
    return int(row[0]) if row else 0


# A validation reads at most this many rows into memory at once (GX's pandas engine holds
# the batch and its intermediate results): a suite with a partition column is validated in
# batches of whole partitions, so a national census (ten million survey rows) is checked in
# about one survey year at a time instead of one frame of the whole table. One partition is
# never split, so uniqueness within a partition stays exact; it may exceed the limit alone.
VALIDATION_BATCH_ROWS = int(os.environ.get("PRODUCTIVITY_VALIDATION_BATCH_ROWS", "1000000"))


def validation_batches(
    connection: duckdb.DuckDBPyConnection,
    suite: SuiteFile,
    conditions: list[str],
    batch_rows: int = VALIDATION_BATCH_ROWS,
) -> list[tuple[str | None, list[str]]]:
    """(label, extra SQL conditions) of each batch a suite is validated in, in order.

    A suite without a partition column, or whose rows fit in one batch, is one batch. Else
    consecutive partitions are grouped while their rows fit in ``batch_rows``.
    """
    if not suite.partition_column:
        return [(None, [])]
    column = suite.partition_column
    query = f"SELECT {column}, count(*) FROM {suite.table}"
    if conditions:
        query += " WHERE " + " AND ".join(f"({c})" for c in conditions)
    counts = connection.execute(f"{query} GROUP BY ALL ORDER BY 1").fetchall()
    if sum(int(n) for _, n in counts) <= batch_rows:
        return [(None, [])]
    groups: list[list[Any]] = []
    rows_in_group = 0
    for value, rows in counts:
        if value is None or not groups or rows_in_group + int(rows) > batch_rows:
            groups.append([])
            rows_in_group = 0
        groups[-1].append(value)
        rows_in_group += int(rows)
    batches: list[tuple[str | None, list[str]]] = []
    for values in groups:
        if values == [None]:
            batches.append((f"{column} missing", [f"{column} IS NULL"]))
            continue
        literals = ", ".join(
            str(v) if isinstance(v, int | float) else sql_string(str(v)) for v in values
        )
        label = f"{column} {values[0]}" + (f"–{values[-1]}" if len(values) > 1 else "")
        batches.append((label, [f"{column} IN ({literals})"]))
    return batches


def validate_table(
    suite: SuiteFile,
    connection: duckdb.DuckDBPyConnection,
    quality_dir: Path | None = None,
    previous_row_count: int | None = None,
    partitions: list[str] | None = None,
    batch_rows: int = VALIDATION_BATCH_ROWS,
) -> SuiteOutcome:
    """Validate ``suite.table`` and build the Data Docs.

    Only the rows matching ``suite.where`` are read, and, when ``partitions`` is given for a
    suite with a ``partition_column``, only those partitions (the ones the run loaded): an
    incremental load is validated on what changed, not on the whole table. A large table is
    validated in batches of whole partitions (``validation_batches``), never as one frame.
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.registry import get_expectation_impl

    conditions = [suite.where] if suite.where else []
    if suite.partition_column and partitions:
        keys = ", ".join(str(int(p)) for p in partitions)  # partition keys are years
        conditions.append(f"{suite.partition_column} IN ({keys})")

    context: Any
    if quality_dir is None:
        context = gx.get_context(mode="ephemeral")
    else:
        quality_dir.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(quality_dir))
    # GX draws a progress bar per validation; it would drown the refresh's own progress.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)

    source = context.data_sources.add_or_update_pandas("warehouse")
    try:
        asset = source.get_asset(suite.table)
    except (LookupError, ValueError):
        asset = source.add_dataframe_asset(name=suite.table)
    try:
        batch = asset.get_batch_definition("whole_table")
    except (KeyError, LookupError, ValueError):
        batch = asset.add_batch_definition_whole_dataframe("whole_table")

    expectation_suite = gx.ExpectationSuite(name=suite.name)
    specs = list(suite.expectations)
    for spec in specs:
        expectation_suite.add_expectation(
            get_expectation_impl(spec["type"])(**spec.get("kwargs", {}))
        )
    expectation_suite = context.suites.add_or_update(expectation_suite)
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(
            name=f"{suite.name}_validation", data=batch, suite=expectation_suite
        )
    )
    actions: list[Any] = (
        [gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")] if quality_dir else []
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"{suite.name}_checkpoint", validation_definitions=[validation], actions=actions
        )
    )
    rows_validated = 0
    per_batch: list[tuple[str | None, list[ExpectationOutcome], bool]] = []
    for label, batch_conditions in validation_batches(connection, suite, conditions, batch_rows):
        query = f"SELECT * FROM {suite.table}"
        where = conditions + batch_conditions
        if where:
            query += " WHERE " + " AND ".join(f"({c})" for c in where)
        frame = connection.execute(query).df()
        rows_validated += len(frame)
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        del frame  # the next batch is read only once this one is released
        (result,) = run.run_results.values()
        per_batch.append((label, _expectation_outcomes(result), bool(result.success)))
    if quality_dir:
        from pipelines.lib.data_docs_offline import make_offline

        outside = make_offline(quality_dir / DATA_DOCS_SITE)
        if outside:  # a GX release with an address data_docs_offline does not know yet
            logging.getLogger(__name__).warning(
                "Data Docs still load from outside the site: %s", "; ".join(outside[:5])
            )
    outcomes = combine_batches([(label, found) for label, found, _ in per_batch])
    gx_success = all(passed for *_, passed in per_batch)
    table_rows = _table_rows(connection, suite)
    if suite.row_count_vs_previous and previous_row_count:
        # Compared on the whole table (a count in DuckDB), even when only some partitions
        # were validated row by row.
        low = int(previous_row_count * suite.row_count_vs_previous["min_ratio"])
        high = int(previous_row_count * suite.row_count_vs_previous["max_ratio"])
        outcomes.append(
            ExpectationOutcome(
                expectation="expect_table_row_count_to_be_between",
                column=None,
                success=low <= table_rows <= high,
                observed=f"{table_rows} rows (previous load {previous_row_count})",
                unexpected_count=None,
                threshold=f"min_value={low}, max_value={high}",
            )
        )
    success = gx_success and all(o.success for o in outcomes)
    details_rows: list[str] = []
    if not success and suite.explain_failures_sql:
        explain = connection.execute(suite.explain_failures_sql)
        names = [d[0] for d in explain.description]
        details_rows = [
            ", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True))
            for row in explain.fetchmany(5)
        ]
    docs = quality_dir / DATA_DOCS_SITE / "index.html" if quality_dir else None
    return SuiteOutcome(
        suite=suite.name,
        table=suite.table,
        success=success,
        rows=table_rows,
        rows_validated=rows_validated,
        expectations=outcomes,
        data_docs=docs,
        failure_details=details_rows,
    )


def _expectation_outcomes(result: Any) -> list[ExpectationOutcome]:
    """One batch's results, each read from its own configuration (GX has its own order)."""
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
        kwargs = dict(config.kwargs) if config else {}
        outcomes.append(
            ExpectationOutcome(
                expectation=config.type if config else "unknown",
                column=kwargs.get("column"),
                success=bool(item.success),
                observed=str(observed),
                unexpected_count=details.get("unexpected_count"),
                threshold=_threshold(kwargs),
            )
        )
    return outcomes


def combine_batches(
    batches: list[tuple[str | None, list[ExpectationOutcome]]],
) -> list[ExpectationOutcome]:
    """Each expectation's outcome over all batches: passed only if it passed on every batch,
    unexpected rows summed, and what was observed on the first batch it failed on (named)."""
    if len(batches) == 1:
        return batches[0][1]

    def keyed(found: list[ExpectationOutcome]) -> dict[tuple[Any, ...], ExpectationOutcome]:
        seen: dict[tuple[str, str | None, str], int] = {}
        keys = {}
        for outcome in found:
            key = (outcome.expectation, outcome.column, outcome.threshold)
            seen[key] = seen.get(key, 0) + 1
            keys[(*key, seen[key])] = outcome
        return keys

    by_batch = [(label, keyed(found)) for label, found in batches]
    combined: list[ExpectationOutcome] = []
    for key, first in by_batch[0][1].items():
        same = [(label, found[key]) for label, found in by_batch]
        failing = [(label, o) for label, o in same if not o.success]
        counts = [o.unexpected_count for _, o in same]
        unexpected = None if all(c is None for c in counts) else sum(c or 0 for c in counts)
        if failing:
            label, example = failing[0]
            observed = (
                f"{example.observed} (in {label}; failed in {len(failing)} of {len(same)} batches)"
            )
        else:
            observed = f"{first.observed} (first of {len(same)} batches)"
        combined.append(
            ExpectationOutcome(
                expectation=first.expectation,
                column=first.column,
                success=not failing,
                observed=observed,
                unexpected_count=unexpected,
                threshold=first.threshold,
            )
        )
    return combined
