"""Writing to the DuckDB warehouse: whole tables or partitions, inside one transaction.

Only the pipeline opens this file, and only one writer at a time (see dagster.yaml);
analysts and BI tools read published copies, never this file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pipelines.settings import duckdb_settings

if TYPE_CHECKING:
    import duckdb


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal (quotes doubled), for statements that take no
    parameters (COMMENT ON, DEFAULT, IN lists built from the warehouse's own values)."""
    return "'" + text.replace("'", "''") + "'"


LOAD_LOG_DDL = """
CREATE TABLE IF NOT EXISTS raw.load_log (
    source VARCHAR,                   -- statistics_office | enterprise_survey | research_registry
                                      -- (NULL: a file outside every source folder)
    partition_key VARCHAR,            -- survey year for the partitioned survey, else NULL
    source_file VARCHAR NOT NULL,     -- file name as delivered (not taken: path in the landing)
    source_sha256 VARCHAR NOT NULL,   -- checksum of the file's bytes
    archive_path VARCHAR,             -- the unchanged copy in the restricted archive
    sheet VARCHAR,                    -- sheet (workbooks) or NULL (CSV)
    target_table VARCHAR NOT NULL,    -- raw table the loaded rows went to ('' when not taken)
    status VARCHAR NOT NULL,          -- loaded | not_taken
    reason VARCHAR,                   -- why a file was not taken
    rows_in BIGINT NOT NULL,          -- data rows (yearbook: figures), counted by a second reader
    rows_loaded BIGINT NOT NULL,      -- rows written to target_table
    rows_quarantined BIGINT NOT NULL, -- rows written to the quarantine table, with the rule broken
    rows_duplicate BIGINT NOT NULL,   -- yearbook figures identical to another file of the edition
    rows_derived BIGINT NOT NULL,     -- statistics-office figures derived from others (a share)
    notes VARCHAR,                    -- columns or sheets of the file not loaded, and why
    key_fingerprint VARCHAR,          -- fingerprint of the pseudonym key used for the rows
    data_origin VARCHAR,              -- real | synthetic (the source folder's DATA_ORIGIN file)
    loaded_at TIMESTAMPTZ NOT NULL,
    dagster_run_id VARCHAR
)
"""
# Columns added since the first release: a warehouse built before them gains them in place.
LOAD_LOG_ADDED_COLUMNS = {
    "status": "VARCHAR DEFAULT 'loaded'",
    "reason": "VARCHAR",
    "rows_duplicate": "BIGINT DEFAULT 0",
    "notes": "VARCHAR",
    "key_fingerprint": "VARCHAR",
    "rows_derived": "BIGINT DEFAULT 0",
    "data_origin": "VARCHAR",
}


def ensure_load_log(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("CREATE SCHEMA IF NOT EXISTS raw")
    connection.execute(LOAD_LOG_DDL)
    for column, definition in LOAD_LOG_ADDED_COLUMNS.items():
        connection.execute(
            f"ALTER TABLE raw.load_log ADD COLUMN IF NOT EXISTS {column} {definition}"
        )


@dataclass(frozen=True)
class TableWrite:
    """One table's part of a load: the whole table, or only the rows of some partitions."""

    table: str  # schema.table
    frame: pl.DataFrame
    partition_column: str | None = None  # replace only rows whose column is in partitions
    partitions: tuple[object, ...] = ()


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    settings = duckdb_settings()  # refused before the file is opened when it is malformed
    connection = _connect_when_free(duckdb, path, read_only)
    for name, value in settings.items():
        connection.execute(f"SET {name} = '{value}'")  # value checked by duckdb_settings
    if not read_only:
        path.chmod(0o600)  # the working warehouse is its owner's alone (pseudonyms, raw rows)
    try:
        yield connection
    finally:
        connection.close()


def _connect_when_free(duckdb: Any, path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Connect; a refresh that has just finished may take a few seconds to let go of the file.

    The refresh lease (pipelines/lib/refresh_lease.py) keeps refreshes apart; this only rides
    out the moment a process that held the lease is exiting.
    """
    deadline = time.monotonic() + 60
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class LoadTransaction:
    """A source's load, written in one DuckDB transaction: its tables, then its load-log rows.

    Tables may be written one at a time, so a large source (a national survey, one year after
    another) never holds more than one part in memory: DuckDB writes each part to the database
    file as it comes, and nothing is visible to readers, or kept, until `commit`.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, source: str) -> None:
        self.connection = connection
        self.source = source

    def write(self, write: TableWrite) -> None:
        """A whole-table write replaces the table; a partitioned write deletes the partitions'
        rows first, so re-running a partition never duplicates it."""
        connection = self.connection
        schema = write.table.split(".")[0]
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        # A replacement scan of this local variable, not `register`: a registered view dropped
        # inside a transaction is kept (with the Arrow data it holds) until the transaction
        # ends, so a load of nine national survey years would hold all nine.
        incoming_frame = write.frame.to_arrow()  # noqa: F841 (read by DuckDB's replacement scan)
        if write.partition_column is None:
            connection.execute(
                f"CREATE OR REPLACE TABLE {write.table} AS SELECT * FROM incoming_frame"
            )
        else:
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {write.table} AS SELECT * FROM incoming_frame LIMIT 0"
            )
            connection.execute(
                f"DELETE FROM {write.table} WHERE {write.partition_column} IN (SELECT unnest(?))",
                [list(write.partitions)],
            )
            connection.execute(f"INSERT INTO {write.table} BY NAME SELECT * FROM incoming_frame")

    def log(self, load_log: pl.DataFrame, partition_keys: Sequence[str] | None = None) -> None:
        """The load-log rows of this load, in place of the last load's (of those partitions)."""
        connection = self.connection
        ensure_load_log(connection)
        if partition_keys is None:
            connection.execute(
                "DELETE FROM raw.load_log WHERE source = ? AND status = 'loaded'", [self.source]
            )
        else:
            connection.execute(
                "DELETE FROM raw.load_log WHERE source = ? AND status = 'loaded' "
                "AND partition_key IN (SELECT unnest(?))",
                [self.source, list(partition_keys)],
            )
        connection.register("incoming_log", load_log.to_arrow())
        connection.execute("INSERT INTO raw.load_log BY NAME SELECT * FROM incoming_log")
        connection.unregister("incoming_log")


@contextmanager
def load_transaction(
    connection: duckdb.DuckDBPyConnection, source: str
) -> Iterator[LoadTransaction]:
    """Commit what the block wrote if it finishes; on any error nothing is written and the
    previous load stays in place."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield LoadTransaction(connection, source)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def write_load(
    connection: duckdb.DuckDBPyConnection,
    writes: Sequence[TableWrite],
    load_log: pl.DataFrame,
    *,
    source: str,
    partition_keys: Sequence[str] | None = None,
) -> None:
    """Write a source's tables and its load-log rows in one transaction (`load_transaction`)."""
    with load_transaction(connection, source) as load:
        for write in writes:
            load.write(write)
        load.log(load_log, partition_keys)


def _has_load_log(connection: duckdb.DuckDBPyConnection) -> bool:
    exists = connection.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'raw' AND table_name = 'load_log'"
    ).fetchone()
    return bool(exists and exists[0])


def loaded_files(
    connection: duckdb.DuckDBPyConnection, source: str, partition_key: str | None = None
) -> set[tuple[str, str]]:
    """(file name, sha256) pairs the last load of a source (or partition) came from."""
    if not _has_load_log(connection):
        return set()
    ensure_load_log(connection)
    rows = connection.execute(
        "SELECT DISTINCT source_file, source_sha256 FROM raw.load_log WHERE source = ? "
        "AND status = 'loaded' AND partition_key IS NOT DISTINCT FROM ?",
        [source, partition_key],
    ).fetchall()
    return {(name, sha) for name, sha in rows}


def loaded_checksums(
    connection: duckdb.DuckDBPyConnection, exclude_partitions: Sequence[str] = ()
) -> dict[str, tuple[str, str]]:
    """{sha256: (file name, when)} of every file loaded, of every source."""
    if not _has_load_log(connection):
        return {}
    ensure_load_log(connection)
    rows = connection.execute(
        "SELECT source_sha256, source_file, min(loaded_at)::DATE::VARCHAR FROM raw.load_log "
        "WHERE status = 'loaded' AND (partition_key IS NULL OR partition_key NOT IN "
        "(SELECT unnest(?::VARCHAR[]))) GROUP BY ALL",
        [list(exclude_partitions)],
    ).fetchall()
    return {sha: (name, when) for sha, name, when in rows}


def stored_key_fingerprints(connection: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """{key fingerprint: the partitions or sources whose stored rows it pseudonymised}."""
    if not _has_load_log(connection):
        return {}
    ensure_load_log(connection)
    rows = connection.execute(
        "SELECT DISTINCT key_fingerprint, coalesce(partition_key, source) FROM raw.load_log "
        "WHERE status = 'loaded' AND key_fingerprint IS NOT NULL"
    ).fetchall()
    stored: dict[str, set[str]] = {}
    for fingerprint, what in rows:
        stored.setdefault(fingerprint, set()).add(what)
    return stored


def count_rows(connection: duckdb.DuckDBPyConnection, qualified: str) -> int:
    row = connection.execute(f"SELECT count(*) FROM {qualified}").fetchone()
    return int(row[0]) if row else 0
