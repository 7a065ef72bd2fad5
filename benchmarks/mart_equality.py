"""Does the baseline rebuild what the refresh published? Mart for mart, row for row.

Every mart the baseline built is compared with the refresh's published release (the same
table in its published DuckDB file): the same columns in the same order, the same row count,
and, rows sorted by every column, the same values; floats within 1e-9 (absolute or relative),
NULL equal to NULL. The raw tables are compared too (exactly: the same files read the same
way give the same bits), since a mart can hide a raw difference that no model reads.

Columns whose values legitimately differ between two runs are left out of the comparison by
name, each for a reason printed with it (``VARYING``); the names are checked against the
schemas that define them, so a renamed column cannot drop out of the comparison unnoticed.

``check_baseline`` is the self-check: the baseline on a landing folder, compared with a
refresh of that folder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

TOLERANCE = 1e-9
FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")


@dataclass(frozen=True)
class Mismatch:
    table: str  # schema.table
    column: str | None
    problem: str
    example: dict[str, Any] | None = None  # the baseline's row (or the refresh's)

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        example = f"; example row: {self.example}" if self.example else ""
        return f"{where}: {self.problem}{example}"


def varying_columns() -> dict[str, str]:
    """{column: why it differs between two runs}: stamps of the run, never derived data."""
    from pipelines.ingest.landing import LOAD_LOG_SCHEMA
    from pipelines.ingest.tabular import LINEAGE_SCHEMA
    from pipelines.ingest.yearbook import CELL_SCHEMA
    from pipelines.lib.publishing import RELEASE_COLUMN

    varying = {
        "loaded_at": "the time the row was loaded (lineage stamped by each run)",
        "archive_path": "where the run archived the file (each run has its own archive)",
        "dagster_run_id": "the run that loaded the file (the baseline has no Dagster run)",
        RELEASE_COLUMN: "the release the publication stamps on every published row",
    }
    defined = {*LINEAGE_SCHEMA, *CELL_SCHEMA, *LOAD_LOG_SCHEMA, RELEASE_COLUMN}
    unknown = set(varying) - defined
    assert not unknown, f"no schema defines {unknown}: the exclusions are out of date"
    return varying


def _columns(connection: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in connection.execute(f"DESCRIBE {table}").fetchall()]


def compare_tables(
    connection: duckdb.DuckDBPyConnection,
    baseline: str,
    pipeline: str,
    name: str,
    exact: bool = False,
) -> list[Mismatch]:
    """``baseline`` against ``pipeline`` (qualified tables in ``connection``); ``exact`` for
    large raw tables (compared in SQL), else rows compared in Python with the float tolerance."""
    varying = varying_columns()
    ours = [c for c in _columns(connection, baseline) if c[0] not in varying]
    theirs = [c for c in _columns(connection, pipeline) if c[0] not in varying]
    if [c for c, _ in ours] != [c for c, _ in theirs]:
        only_ours = [c for c, _ in ours if c not in {n for n, _ in theirs}]
        only_theirs = [c for c, _ in theirs if c not in {n for n, _ in ours}]
        column: str | None = next(iter(only_ours or only_theirs), None)
        return [
            Mismatch(
                name,
                column,
                f"columns differ: only in the baseline {only_ours}, only in the refresh "
                f"{only_theirs}"
                + ("" if only_ours or only_theirs else " (same columns, another order)"),
            )
        ]
    counts = [
        int(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
        for t in (baseline, pipeline)
    ]
    if counts[0] != counts[1]:
        example = _first_difference_row(connection, baseline, pipeline, [c for c, _ in ours])
        return [
            Mismatch(
                name, None, f"{counts[0]} rows in the baseline, {counts[1]} in the refresh", example
            )
        ]
    names = [c for c, _ in ours]
    if exact:
        example = _first_difference_row(connection, baseline, pipeline, names)
        if example is None:
            return []
        differing = _differing_column(connection, pipeline, names, example)
        return [Mismatch(name, differing, "a row of the baseline is not in the refresh", example)]
    floats = {c for c, t in ours if t.upper() in FLOAT_TYPES}
    order = ", ".join(
        [f'"{c}" NULLS FIRST' for c in names if c not in floats]
        + [f'"{c}" NULLS FIRST' for c in names if c in floats]
    )
    select = ", ".join(f'"{c}"' for c in names)
    rows = [
        connection.execute(f"SELECT {select} FROM {t} ORDER BY {order}").fetchall()
        for t in (baseline, pipeline)
    ]
    for ours_row, their_row in zip(*rows, strict=True):
        for column, mine, theirs_value in zip(names, ours_row, their_row, strict=True):
            if not _equal(mine, theirs_value, column in floats):
                return [
                    Mismatch(
                        name,
                        column,
                        f"baseline {mine!r}, refresh {theirs_value!r}",
                        dict(zip(names, ours_row, strict=True)),
                    )
                ]
    return []


def _equal(a: Any, b: Any, is_float: bool) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if is_float:
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        if math.isinf(a) or math.isinf(b):
            return a == b
        difference = abs(a - b)
        return difference <= TOLERANCE or difference <= TOLERANCE * max(abs(a), abs(b))
    return bool(a == b)


def _first_difference_row(
    connection: duckdb.DuckDBPyConnection, baseline: str, pipeline: str, names: list[str]
) -> dict[str, Any] | None:
    select = ", ".join(f'"{c}"' for c in names)
    for first, second, whose in ((baseline, pipeline, "baseline"), (pipeline, baseline, "refresh")):
        row = connection.execute(
            f"SELECT {select} FROM {first} EXCEPT ALL SELECT {select} FROM {second} LIMIT 1"
        ).fetchone()
        if row is not None:
            return {"(row of the)": whose, **dict(zip(names, row, strict=True))}
    return None


def _differing_column(
    connection: duckdb.DuckDBPyConnection,
    pipeline: str,
    names: list[str],
    example: dict[str, Any],
) -> str | None:
    """The first column whose value alone keeps the example row from being in ``pipeline``."""
    for column in names:
        others = [c for c in names if c != column]
        where = " AND ".join(f'"{c}" IS NOT DISTINCT FROM ?' for c in others) or "true"
        found = connection.execute(
            f"SELECT count(*) FROM {pipeline} WHERE {where}", [example[c] for c in others]
        ).fetchone()
        if found and found[0]:
            return column
    return None


def _tables(connection: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> list[str]:
    return [
        t
        for (t,) in connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
            "ORDER BY table_name",
            [catalog, schema],
        ).fetchall()
    ]


def compare_with_refresh(
    baseline_database: Path, refreshed_warehouse_dir: Path, raw: bool = True
) -> list[Mismatch]:
    """Every mart of ``baseline_database`` against the refresh's published release in
    ``refreshed_warehouse_dir``, and (``raw``) every raw table against its warehouse."""
    import duckdb

    from pipelines.lib.publishing import PUBLISHED_DATABASE, current_release
    from pipelines.lib.sqlmesh_project import CONSUMED_TABLE

    release = current_release(refreshed_warehouse_dir / "published")
    if release is None:
        return [Mismatch("marts", None, f"no published release in {refreshed_warehouse_dir}")]
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"ATTACH '{baseline_database}' AS baseline (READ_ONLY)")
    connection.execute(f"ATTACH '{release / PUBLISHED_DATABASE}' AS published (READ_ONLY)")
    mismatches: list[Mismatch] = []
    published = set(_tables(connection, "published", "marts"))
    for table in _tables(connection, "baseline", "marts"):
        if table not in published:
            mismatches.append(Mismatch(f"marts.{table}", None, "not in the published release"))
            continue
        mismatches += compare_tables(
            connection, f"baseline.marts.{table}", f"published.marts.{table}", f"marts.{table}"
        )
    if raw:
        warehouse = refreshed_warehouse_dir / "productivity.duckdb"
        connection.execute(f"ATTACH '{warehouse}' AS refreshed (READ_ONLY)")
        ours = set(_tables(connection, "baseline", "raw"))
        bookkeeping = CONSUMED_TABLE.split(".")[1]  # SQLMesh's, not the ingest's
        for table in sorted(set(_tables(connection, "refreshed", "raw")) - ours - {bookkeeping}):
            mismatches.append(Mismatch(f"raw.{table}", None, "the baseline did not build it"))
        for table in sorted(ours):
            mismatches += compare_tables(
                connection,
                f"baseline.raw.{table}",
                f"refreshed.raw.{table}",
                f"raw.{table}",
                exact=True,
            )
    connection.close()
    return mismatches


def check_baseline(
    landing: Path, refreshed_warehouse_dir: Path, work: Path, environment: str = "test"
) -> list[Mismatch]:
    """Run the like-for-like baseline on ``landing`` in ``work`` and compare it with the
    refresh of the same folder whose warehouse folder is ``refreshed_warehouse_dir``
    (``<folder>/warehouse`` of ``pipelines.settings.isolated_refresh_environment(folder,
    landing)``). Empty when every mart and raw table is equal."""
    from benchmarks.direct_duckdb import DATABASE_NAME, run_baseline

    project_root = Path(__file__).resolve().parent.parent
    run_baseline(project_root, landing, work, environment)
    return compare_with_refresh(work / DATABASE_NAME, refreshed_warehouse_dir)


def describe_exclusions() -> list[str]:
    """The columns left out of every comparison, each with its reason."""
    return [f"{column}: {reason}" for column, reason in varying_columns().items()]
