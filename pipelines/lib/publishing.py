"""Publish the marts for analysts and BI: a read-only DuckDB file and Parquet files.

Readers never touch the file the pipeline writes (DuckDB admits no reader while a process
writes). Each publication builds a complete new file beside the old one and moves it into
place with one rename, so a reader opens either the previous publication or the new one,
never a mix; a refresh that dies half-way leaves the previous publication as it was.
SQLMesh's marts are views naming the warehouse's catalog; the published tables are physical
copies, so the published file works wherever it is copied.

A bilingual data dictionary goes with every publication (table `marts.data_dictionary` and
`data_dictionary.parquet`): the English half is each SQLMesh model's description and column
descriptions, the Vietnamese half is `models/marts/data_dictionary.vi.yaml`.
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
DICTIONARY_TABLE = "data_dictionary"

# The two tables publishing itself adds, described in both languages here (they have no model).
PUBLICATION_TABLES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "publication_log": (
        "When this publication was made and by which Dagster run (its lineage).",
        "Thời điểm công bố bộ dữ liệu này và lượt chạy Dagster đã tạo ra nó (nguồn gốc dữ liệu).",
        {
            "published_at": (
                "Time of publication (UTC).",
                "Thời điểm công bố (giờ UTC).",
            ),
            "dagster_run_id": (
                "The Dagster run that refreshed and published the marts; its log and lineage "
                "are in the Dagster UI.",
                "Mã lượt chạy Dagster đã làm mới và công bố các bảng; nhật ký và nguồn gốc dữ "
                "liệu xem trong giao diện Dagster.",
            ),
        },
    ),
    DICTIONARY_TABLE: (
        "Bilingual data dictionary: one row per published table and per column, with its "
        "description in English and in Vietnamese.",
        "Từ điển dữ liệu song ngữ: mỗi bảng và mỗi cột được công bố một dòng, kèm mô tả bằng "
        "tiếng Anh và tiếng Việt.",
        {
            "table_name": (
                "Published table (schema marts).",
                "Tên bảng được công bố (lược đồ marts).",
            ),
            "column_name": (
                "Column; NULL on the row describing the table itself.",
                "Tên cột; để trống (NULL) ở dòng mô tả chính bảng đó.",
            ),
            "column_position": (
                "Position of the column in the table (0 for the table row).",
                "Thứ tự của cột trong bảng (0 ở dòng mô tả bảng).",
            ),
            "data_type": (
                "DuckDB data type of the column.",
                "Kiểu dữ liệu DuckDB của cột.",
            ),
            "description_en": ("Description in English.", "Mô tả bằng tiếng Anh."),
            "description_vi": ("Description in Vietnamese.", "Mô tả bằng tiếng Việt."),
        },
    ),
}


@dataclass(frozen=True)
class Publication:
    database: Path
    parquet_dir: Path
    tables: dict[str, int]  # table -> rows
    missing_vietnamese: list[str]  # dictionary entries without a Vietnamese description


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


@dataclass(frozen=True)
class VietnameseDictionary:
    """The Vietnamese half of the data dictionary: table -> (description, column -> text)."""

    tables: dict[str, tuple[str, dict[str, str]]]

    @classmethod
    def load(cls, path: Path) -> VietnameseDictionary:
        import yaml

        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        tables = {
            name: (entry.get("description") or "", dict(entry.get("columns") or {}))
            for name, entry in (document.get("tables") or {}).items()
        }
        for name, (_english, vietnamese, columns) in PUBLICATION_TABLES.items():
            tables[name] = (vietnamese, {col: text[1] for col, text in columns.items()})
        return cls(tables)


def _write_dictionary(
    connection: duckdb.DuckDBPyConnection, vietnamese: VietnameseDictionary
) -> list[str]:
    """Build publication.marts.data_dictionary from the catalog; return what lacks Vietnamese."""
    connection.execute(
        f"CREATE TABLE publication.marts.{DICTIONARY_TABLE} (table_name VARCHAR NOT NULL, "
        "column_name VARCHAR, column_position INTEGER NOT NULL, data_type VARCHAR, "
        "description_en VARCHAR, description_vi VARCHAR)"
    )
    for name, (english, _vi, columns) in PUBLICATION_TABLES.items():
        connection.execute(f"COMMENT ON TABLE publication.marts.{name} IS {_sql_string(english)}")
        for column, (text, _) in columns.items():
            connection.execute(
                f'COMMENT ON COLUMN publication.marts.{name}."{column}" IS {_sql_string(text)}'
            )
    rows: list[tuple[object, ...]] = []
    missing: list[str] = []
    tables = connection.execute(
        "SELECT table_name, comment FROM duckdb_tables() "
        "WHERE database_name = 'publication' AND schema_name = 'marts' ORDER BY table_name"
    ).fetchall()
    for table, english in tables:
        vi_description, vi_columns = vietnamese.tables.get(table, ("", {}))
        rows.append((table, None, 0, None, english, vi_description or None))
        if not vi_description:
            missing.append(table)
        for column, position, data_type, column_english in connection.execute(
            "SELECT column_name, column_index, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = 'publication' AND schema_name = 'marts' AND table_name = ? "
            "ORDER BY column_index",
            [table],
        ).fetchall():
            vi_text = vi_columns.get(column)
            rows.append((table, column, position, data_type, column_english, vi_text or None))
            if not vi_text:
                missing.append(f"{table}.{column}")
    connection.executemany(
        f"INSERT INTO publication.marts.{DICTIONARY_TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    return missing


def publish_marts(
    connection: duckdb.DuckDBPyConnection,
    published_dir: Path,
    tables: list[str],
    published_at: datetime,
    run_id: str,
    vietnamese: VietnameseDictionary,
) -> Publication:
    """Copy ``tables`` (schema.table in the warehouse) into a new published database, with the
    publication log and the bilingual data dictionary."""
    published_dir.mkdir(parents=True, exist_ok=True)
    final = published_dir / PUBLISHED_DATABASE
    partial = published_dir / f".{PUBLISHED_DATABASE}.{run_id}.partial"
    partial.unlink(missing_ok=True)
    parquet_root = published_dir / PARQUET_DIR
    version = parquet_root / published_at.strftime("%Y%m%dT%H%M%S%fZ")
    version.mkdir(parents=True, exist_ok=True)
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
        missing_vietnamese = _write_dictionary(connection, vietnamese)
        connection.execute("CHECKPOINT publication")
        # The Parquet copies are made from the publication itself, so both forms hold the
        # same rows: the marts, the publication log and the data dictionary.
        for (name,) in connection.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = 'publication' AND schema_name = 'marts'"
        ).fetchall():
            connection.execute(
                f"COPY publication.marts.{name} TO '{version / name}.parquet' (FORMAT parquet)"
            )
    finally:
        connection.execute("DETACH publication")
    os.replace(partial, final)  # one rename: readers see the old file or the new one

    current = parquet_root / "current"
    link = parquet_root / f".current.{run_id}"
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    os.replace(link, current)  # readers of parquet/current/ switch version in one step
    for old in sorted(p for p in parquet_root.iterdir() if p.is_dir() and not p.is_symlink())[:-3]:
        shutil.rmtree(old)  # keep the three latest versions
    return Publication(
        database=final, parquet_dir=current, tables=counts, missing_vietnamese=missing_vietnamese
    )
