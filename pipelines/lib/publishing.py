"""Publish the marts for analysts and BI: a read-only DuckDB file and Parquet files.

Readers never touch the file the pipeline writes (DuckDB admits no reader while a process
writes). Each publication builds a complete new file beside the old one and moves it into
place with one rename, so a reader opens either the previous publication or the new one,
never a mix; a refresh that dies half-way leaves the previous publication as it was.
SQLMesh's marts are views naming the warehouse's catalog; the published tables are physical
copies, so the published file works wherever it is copied.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

PUBLISHED_DATABASE = "productivity_marts.duckdb"
PARQUET_DIR = "parquet"


@dataclass(frozen=True)
class Publication:
    database: Path
    parquet_dir: Path
    tables: dict[str, int]  # table -> rows


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _copy_descriptions(connection: duckdb.DuckDBPyConnection, source: str, target: str) -> None:
    """Carry the table's and its columns' descriptions (from the SQLMesh models) along.

    A mart is a view over SQLMesh's physical table; the view has the table description, the
    physical table the column descriptions.
    """
    import re

    schema, name = source.split(".")
    view = connection.execute(
        "SELECT comment, sql FROM duckdb_views() WHERE database_name = current_database() "
        "AND schema_name = ? AND view_name = ?",
        [schema, name],
    ).fetchone()
    if view is None:
        return
    comment, definition = view
    if comment:
        connection.execute(f"COMMENT ON TABLE {target} IS {_sql_string(comment)}")
    physical = re.search(r'FROM\s+(?:"?\w+"?\.)?"?(\w+)"?\."?(\w+)"?', definition or "")
    if not physical:
        return
    columns = connection.execute(
        "SELECT column_name, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? "
        "AND comment IS NOT NULL",
        [physical.group(1), physical.group(2)],
    ).fetchall()
    for column, text in columns:
        connection.execute(f'COMMENT ON COLUMN {target}."{column}" IS {_sql_string(text)}')


def publish_marts(
    connection: duckdb.DuckDBPyConnection,
    published_dir: Path,
    tables: list[str],
    published_at: datetime,
    run_id: str,
) -> Publication:
    """Copy ``tables`` (schema.table in the warehouse) into a new published database."""
    published_dir.mkdir(parents=True, exist_ok=True)
    final = published_dir / PUBLISHED_DATABASE
    partial = published_dir / f".{PUBLISHED_DATABASE}.{run_id}.partial"
    partial.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    connection.execute(f"ATTACH '{partial}' AS publication")
    try:
        connection.execute("CREATE SCHEMA publication.marts")
        for qualified in tables:
            name = qualified.split(".")[1]
            connection.execute(
                f"CREATE TABLE publication.marts.{name} AS SELECT * FROM {qualified}"
            )
            _copy_descriptions(connection, qualified, f"publication.marts.{name}")
            row = connection.execute(f"SELECT count(*) FROM publication.marts.{name}").fetchone()
            counts[qualified] = int(row[0]) if row else 0
        connection.execute(
            "CREATE TABLE publication.marts.publication_log AS SELECT * FROM (VALUES (?, ?)) "
            "AS t(published_at, dagster_run_id)",
            [published_at, run_id],
        )
        connection.execute("CHECKPOINT publication")
    finally:
        connection.execute("DETACH publication")
    os.replace(partial, final)  # one rename: readers see the old file or the new one

    parquet_root = published_dir / PARQUET_DIR
    version = parquet_root / published_at.strftime("%Y%m%dT%H%M%S%fZ")
    version.mkdir(parents=True, exist_ok=True)
    for qualified in tables:
        target = version / f"{qualified.split('.')[1]}.parquet"
        connection.execute(f"COPY {qualified} TO '{target}' (FORMAT parquet)")
    connection.execute(
        f"COPY (SELECT TIMESTAMPTZ '{published_at.isoformat()}' AS published_at, "
        f"'{run_id}' AS dagster_run_id) TO '{version / 'publication_log.parquet'}' (FORMAT parquet)"
    )
    current = parquet_root / "current"
    link = parquet_root / f".current.{run_id}"
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    os.replace(link, current)  # readers of parquet/current/ switch version in one step
    for old in sorted(p for p in parquet_root.iterdir() if p.is_dir() and not p.is_symlink())[:-3]:
        shutil.rmtree(old)  # keep the three latest versions
    return Publication(database=final, parquet_dir=current, tables=counts)
