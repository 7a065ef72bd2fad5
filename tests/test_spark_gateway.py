"""The same SQLMesh models on Apache Spark (the `spark` gateway) give DuckDB's results.

The raw tables of the shared sample refresh (the `refreshed` fixture: no extra refresh) are
written to Parquet and declared in a local Spark's catalog with the columns external_models.yaml
gives them; SQLMesh then builds every model on Spark with `plan` and `run`, as a refresh does,
and every model's table (reference lists, staging, intermediate and marts) is compared with
DuckDB's: the same columns and types, the same number of rows and, sorted by the model's grain
and then every column, the same rows (doubles to 1e-9, relative or absolute; NULLs equal).

Spark needs a Java runtime (.ci/run installs Debian's). Without one the test is skipped, unless
PRODUCTIVITY_REQUIRE_SPARK is set (for CI): then it fails.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import time
import typing as t
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import PROJECT_ROOT, RefreshRun

# one test, one Spark session: never spread over workers (`--dist loadgroup` honours the group;
# under worksteal a single test runs on one worker anyway)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("spark")]

REQUIRE_SPARK = "PRODUCTIVITY_REQUIRE_SPARK"
TOLERANCE = 1e-9
SCHEMAS = ("reference", "staging", "intermediate", "marts")
# DuckDB's type names as Spark names the same type
SPARK_TYPE = {
    "VARCHAR": "string",
    "INTEGER": "int",
    "BIGINT": "bigint",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
}


def java_missing() -> str | None:
    """Why Spark cannot start here, or None: PySpark runs `$JAVA_HOME/bin/java`, else `java`."""
    home = os.environ.get("JAVA_HOME")
    if (home and (Path(home) / "bin" / "java").is_file()) or shutil.which("java"):
        return None
    return "no Java runtime (java not on PATH, no JAVA_HOME): Spark cannot start"


@pytest.fixture(scope="session")
def spark_runtime() -> None:
    """Skip without Java, or fail when the environment says Spark is required.

    Session-scoped so that pytest checks it before the shared refresh (a session fixture),
    which a skipped test would otherwise wait for."""
    reason = java_missing()
    if reason is None:
        return
    if os.environ.get(REQUIRE_SPARK):
        pytest.fail(f"{REQUIRE_SPARK} is set but {reason}")
    pytest.skip(f"{reason}; set {REQUIRE_SPARK}=1 to make this a failure")


def _failures_console() -> t.Any:
    """A silent SQLMesh console that keeps the failures, to show them if the build fails."""
    from sqlmesh.core.console import NoopConsole

    class Console(NoopConsole):
        def __init__(self) -> None:
            super().__init__()
            self.failures: list[str] = []

        def log_failed_models(self, errors: list[t.Any]) -> None:
            for error in errors:
                cause = error.__cause__
                self.failures.append(f"{error}: {cause}" if cause else str(error))

    return Console()


def _raw_tables() -> dict[str, dict[str, str]]:
    """{raw table: {column: DuckDB type}}, as external_models.yaml declares them."""
    declared = yaml.safe_load((PROJECT_ROOT / "external_models.yaml").read_text(encoding="utf-8"))
    return {table["name"]: table["columns"] for table in declared}


def _export_raw(warehouse: Path, folder: Path) -> dict[str, Path]:
    """Each raw table of the DuckDB warehouse as a Parquet folder (what Spark tables point to)."""
    folders = {}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for name in _raw_tables():
            target = folder / name
            target.mkdir(parents=True)
            connection.execute(f"COPY {name} TO '{target / 'data.parquet'}' (FORMAT parquet)")
            folders[name] = target
    return folders


def _declare_raw(spark: t.Any, folders: dict[str, Path]) -> None:
    """The raw tables in Spark's catalog, with the declared columns, reading the Parquet files."""
    from sqlglot import exp

    spark.sql("CREATE DATABASE IF NOT EXISTS raw")
    for name, columns in _raw_tables().items():
        schema = ", ".join(
            f"`{column}` {exp.DataType.build(kind, dialect='duckdb').sql(dialect='spark')}"
            for column, kind in columns.items()
        )
        spark.sql(f"CREATE TABLE {name} ({schema}) USING parquet LOCATION '{folders[name]}'")


def _comparable(value: t.Any) -> t.Any:
    """A value as both engines' rows can be compared: instants as POSIX seconds."""
    if isinstance(value, dt.datetime):
        # DuckDB gives TIMESTAMPTZ with its zone, Spark a local time of this process
        return value.timestamp()
    return value


def _sort_key(row: tuple[t.Any, ...]) -> tuple[t.Any, ...]:
    """NULLs first, doubles to 9 digits (so that last-bit differences cannot reorder rows)."""
    return tuple(
        (0, 0)
        if value is None
        else (1, float(f"{value:.9g}"))
        if isinstance(value, float) and not math.isnan(value)
        else (1, str(value))
        if isinstance(value, float)
        else (1, value)
        for value in row
    )


def _same(left: t.Any, right: t.Any) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return math.isclose(left, right, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    return type(left) is type(right) and left == right


def _differences(
    name: str,
    grain: list[str],
    partitions: list[str],
    duck: duckdb.DuckDBPyConnection,
    spark: t.Any,
) -> list[str]:
    """What differs between the model's table in DuckDB and in Spark (empty: nothing).

    Spark keeps a partitioned table's partition columns last (an incremental model is
    partitioned by its time column, so that a restated year overwrites that partition only):
    the columns are otherwise in the model's order, and the rows are compared column by column.
    """
    duck_columns = duck.execute(
        "SELECT column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = ? AND table_name = ? ORDER BY column_index",
        name.split("."),
    ).fetchall()
    spark_frame = spark.table(name)
    spark_columns = [(f.name, f.dataType.simpleString()) for f in spark_frame.schema.fields]
    expected = [(c, SPARK_TYPE.get(kind, kind)) for c, kind in duck_columns]
    expected = [c for c in expected if c[0] not in partitions] + [
        c for c in expected if c[0] in partitions
    ]
    if spark_columns != expected:
        return [f"{name}: columns {spark_columns} on Spark, {expected} on DuckDB"]
    columns = [c for c, _ in duck_columns]
    spark_frame = spark_frame.select(*[f"`{c}`" for c in columns])
    order = [columns.index(g) for g in grain if g in columns]
    order += [i for i in range(len(columns)) if i not in order]

    def ordered(rows: list[tuple[t.Any, ...]]) -> list[tuple[t.Any, ...]]:
        rows = [tuple(_comparable(v) for v in row) for row in rows]
        return sorted(rows, key=lambda row: _sort_key(tuple(row[i] for i in order)))

    duck_rows = ordered(duck.execute(f"SELECT * FROM {name}").fetchall())
    spark_rows = ordered([tuple(row) for row in spark_frame.collect()])
    if len(duck_rows) != len(spark_rows):
        return [f"{name}: {len(spark_rows)} rows on Spark, {len(duck_rows)} on DuckDB"]
    found = []
    for duck_row, spark_row in zip(duck_rows, spark_rows, strict=True):
        for column, left, right in zip(columns, duck_row, spark_row, strict=True):
            if not _same(left, right):
                found.append(f"{name}.{column}: {right!r} on Spark, {left!r} on DuckDB")
        if len(found) >= 5:
            break
    return found


def test_spark_gateway_builds_the_same_tables_as_duckdb(
    spark_runtime: None,
    refreshed: RefreshRun,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlmesh import Context
    from sqlmesh.core.console import get_console, set_console

    started = time.perf_counter()
    # everything Spark and SQLMesh write goes under tmp_path (config.py reads these)
    monkeypatch.setenv("PRODUCTIVITY_SPARK_DIR", str(tmp_path / "spark"))
    monkeypatch.setenv("PRODUCTIVITY_WAREHOUSE", str(tmp_path / "duckdb-gateway-unused.duckdb"))
    monkeypatch.setenv("SQLMESH__CACHE_DIR", str(tmp_path / "sqlmesh-cache"))
    monkeypatch.setenv("SQLMESH__DISABLE_ANONYMIZED_ANALYTICS", "1")
    folders = _export_raw(refreshed.warehouse, tmp_path / "raw")

    console = _failures_console()
    previous_console = get_console()
    set_console(console)
    context = Context(paths=[PROJECT_ROOT], gateway="spark")
    spark = context.engine_adapter.spark  # the gateway's session: starts Spark
    assert spark is not None
    try:
        _declare_raw(spark, folders)
        try:
            context.plan("prod", auto_apply=True, no_prompts=True, skip_tests=True)
            context.run("prod")
        except Exception as error:
            pytest.fail(f"SQLMesh on Spark failed: {error}\n" + "\n".join(console.failures))
        built = time.perf_counter()

        models = {
            f"{model.schema_name}.{model.view_name}": model
            for model in context.models.values()
            if model.schema_name in SCHEMAS and not model.kind.is_external
        }
        assert {name.split(".")[0] for name in models} == set(SCHEMAS)
        assert sum(name.startswith("marts.") for name in models) >= 24
        with duckdb.connect(str(refreshed.warehouse), read_only=True) as duck:
            differences = [
                line
                for name, model in sorted(models.items())
                for line in _differences(
                    name,
                    [g.name for g in model.grains],
                    [p.name for p in model.partitioned_by],
                    duck,
                    spark,
                )
            ]
        print(
            f"\n{len(models)} models built on Spark in {built - started:.0f} s, "
            f"compared with DuckDB in {time.perf_counter() - built:.0f} s"
        )
        assert not differences, "\n".join(differences)
    finally:
        context.close()
        spark.stop()
        set_console(previous_console)
