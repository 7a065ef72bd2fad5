"""Writing to the DuckDB warehouse: whole tables replaced inside one transaction.

Only the pipeline opens this file, and only one writer at a time (see dagster.yaml);
analysts and BI tools read published copies, never this file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb
    import polars as pl

LOAD_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.load_log (
    source VARCHAR NOT NULL,          -- statistics_office | enterprise_survey | research_registry
    source_file VARCHAR NOT NULL,     -- file name as delivered
    source_sha256 VARCHAR NOT NULL,   -- checksum of the file's bytes
    sheet VARCHAR,                    -- sheet (workbooks) or NULL (CSV)
    target_table VARCHAR NOT NULL,    -- raw table the loaded rows went to
    rows_in BIGINT NOT NULL,          -- data rows read from the file
    rows_loaded BIGINT NOT NULL,      -- rows written to target_table
    rows_quarantined BIGINT NOT NULL, -- rows written to the quarantine table, with the rule broken
    loaded_at TIMESTAMPTZ NOT NULL,
    dagster_run_id VARCHAR
)
"""


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), read_only=read_only)
    try:
        yield connection
    finally:
        connection.close()


def replace_tables(
    connection: duckdb.DuckDBPyConnection,
    tables: Mapping[str, pl.DataFrame],
    load_log: pl.DataFrame | None = None,
    *,
    log_source: str | None = None,
) -> None:
    """Replace each `schema.table` with its frame, and the source's load-log rows, atomically.

    Either every table and the log are replaced, or (on any error) none is: a failed load
    leaves the previous load in place.
    """
    connection.execute("BEGIN TRANSACTION")
    try:
        for qualified, frame in tables.items():
            schema = qualified.split(".")[0]
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            connection.register("incoming_frame", frame.to_arrow())
            connection.execute(
                f"CREATE OR REPLACE TABLE {qualified} AS SELECT * FROM incoming_frame"
            )
            connection.unregister("incoming_frame")
        if load_log is not None:
            connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
            connection.execute(LOAD_LOG_DDL)
            connection.execute("DELETE FROM raw.load_log WHERE source = ?", [log_source])
            connection.register("incoming_log", load_log.to_arrow())
            connection.execute("INSERT INTO raw.load_log BY NAME SELECT * FROM incoming_log")
            connection.unregister("incoming_log")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def count_rows(connection: duckdb.DuckDBPyConnection, qualified: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {qualified}").fetchone()
    return int(row[0]) if row else 0
