"""Publish for analysts, BI and officials: one release, made current all at once.

Everything published (the read-only DuckDB file of the marts, their Parquet copies, the
officials' workbook, ...) forms one *release*. It is written into a staging folder beside the
published ones, checked (no non-finite number anywhere), described by a manifest
(`release.json`: every file with its checksum), flushed to disk, renamed into
`releases/<release id>/`, and then made current by switching one symbolic link,
`published/current`, in a single rename. A reader therefore sees the previous release or the
new one, never a mix; a refresh that fails or is killed at any point before that switch leaves
the previous release whole, and its staging folder is removed at the start of the next one.

SQLMesh's marts are views naming the warehouse's catalog; the published tables are physical
copies, so the published file works wherever it is copied.

A bilingual data dictionary goes with every publication (table `marts.data_dictionary` and
`data_dictionary.parquet`): the English half is each SQLMesh model's description and column
descriptions, the Vietnamese half is `models/marts/data_dictionary.vi.yaml`. The publication
log (`marts.publication_log`) lists every release that became current, this one included,
and the vintages of the derived measures (`marts.release_vintages`, `release_revisions`,
`release_revision_summary`; pipelines/lib/vintages.py) keep what every release published.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.ingest.lineage import file_sha256
from pipelines.lib.published_quality import QUALITY_SCHEMA, QUALITY_TABLES, write_quality_tables
from pipelines.lib.vintages import VINTAGE_TABLES, write_vintages
from pipelines.lib.warehouse import sql_string

if TYPE_CHECKING:
    import duckdb

PUBLISHED_DATABASE = "productivity_marts.duckdb"
# Every published mart row states the release (edition) it belongs to.
RELEASE_COLUMN = "release_id"
RELEASE_COLUMN_EN = (
    "The release (edition) this row was published in: see marts.publication_log; a figure "
    "revised between releases is in marts.release_revisions."
)
RELEASE_COLUMN_VI = (
    "Lần công bố (ấn bản) của dòng này: xem marts.publication_log; số liệu được điều chỉnh "
    "giữa các lần công bố nằm trong marts.release_revisions."
)
PARQUET_DIR = "parquet"
# the productivity report (pipelines/lib/report) and the SDMX files (pipelines/lib/sdmx_release)
REPORT_DIR = "report"
SDMX_DIR = "sdmx"
DICTIONARY_TABLE = "data_dictionary"

# The two tables publishing itself adds, described in both languages here (they have no model).
PUBLICATION_TABLES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "publication_log": (
        "Every release that became current, this one last: when it was published and by "
        "which Dagster run (its lineage).",
        "Mọi lần công bố đã hoàn tất, lần này ở cuối: thời điểm công bố và lượt chạy Dagster "
        "đã tạo ra nó (nguồn gốc dữ liệu).",
        {
            "release_id": (
                "Identifier of the release: its time (UTC) and the start of the Dagster run id; "
                "the release's files are in published/releases/<release_id>/.",
                "Mã của lần công bố: thời điểm (giờ UTC) và phần đầu mã lượt chạy Dagster; các "
                "tệp của lần công bố nằm trong published/releases/<release_id>/.",
            ),
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
                "Published table: a mart by its name (schema marts), a table of another schema "
                "as schema.table (quality.check_history).",
                "Tên bảng được công bố: bảng marts theo tên, bảng thuộc lược đồ khác ghi dạng "
                "lược_đồ.bảng (quality.check_history).",
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
    **VINTAGE_TABLES,
}


@dataclass(frozen=True)
class Publication:
    database: Path
    parquet_dir: Path
    tables: dict[str, int]  # table -> rows
    missing_vietnamese: list[str]  # dictionary entries without a Vietnamese description


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
        connection.execute(f"COMMENT ON TABLE {target} IS {sql_string(comment)}")
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
        connection.execute(f'COMMENT ON COLUMN {target}."{column}" IS {sql_string(text)}')


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
        for name, (_english, vietnamese, columns) in QUALITY_TABLES.items():
            tables[f"{QUALITY_SCHEMA}.{name}"] = (
                vietnamese,
                {col: text[1] for col, text in columns.items()},
            )
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
    # the tables publishing itself adds have no model: their English is written here
    described = [
        *((f"marts.{name}", entry) for name, entry in PUBLICATION_TABLES.items()),
        *((f"{QUALITY_SCHEMA}.{name}", entry) for name, entry in QUALITY_TABLES.items()),
    ]
    for name, (english, _vi, columns) in described:
        connection.execute(f"COMMENT ON TABLE publication.{name} IS {sql_string(english)}")
        for column, (text, _) in columns.items():
            connection.execute(
                f'COMMENT ON COLUMN publication.{name}."{column}" IS {sql_string(text)}'
            )
    rows: list[tuple[object, ...]] = []
    missing: list[str] = []
    # the marts by their own name, the tables of another schema (quality) as schema.table
    tables = connection.execute(
        "SELECT schema_name, table_name, comment FROM duckdb_tables() "
        "WHERE database_name = 'publication' AND schema_name IN ('marts', ?) "
        "ORDER BY schema_name <> 'marts', schema_name, table_name",
        [QUALITY_SCHEMA],
    ).fetchall()
    for schema, name, english in tables:
        table = name if schema == "marts" else f"{schema}.{name}"
        vi_description, vi_columns = vietnamese.tables.get(table, ("", {}))
        rows.append((table, None, 0, None, english, vi_description or None))
        if not vi_description:
            missing.append(table)
        for column, position, data_type, column_english in connection.execute(
            "SELECT column_name, column_index, data_type, comment FROM duckdb_columns() "
            "WHERE database_name = 'publication' AND schema_name = ? AND table_name = ? "
            "ORDER BY column_index",
            [schema, name],
        ).fetchall():
            vi_text = vi_columns.get(column) or (
                RELEASE_COLUMN_VI
                if column == RELEASE_COLUMN and table not in PUBLICATION_TABLES
                else None
            )
            rows.append((table, column, position, data_type, column_english, vi_text or None))
            if not vi_text:
                missing.append(f"{table}.{column}")
    connection.executemany(
        f"INSERT INTO publication.marts.{DICTIONARY_TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    return missing


class PublicationError(RuntimeError):
    """A release that must not become current (its content is wrong), with what was found."""


RELEASES_DIR = "releases"
CURRENT = "current"
STAGING_PREFIX = ".staging-"
MANIFEST = "release.json"
KEEP_RELEASES = 3


def release_id(published_at: datetime, run_id: str) -> str:
    return f"{published_at:%Y%m%dT%H%M%S}Z-{run_id[:8]}"


def current_release(published_dir: Path) -> Path | None:
    link = published_dir / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def current_manifest(published_dir: Path) -> dict[str, Any] | None:
    """The manifest of the current release (None before the first, or if unreadable)."""
    import json

    current = current_release(published_dir)
    try:
        manifest: dict[str, Any] = json.loads((current / MANIFEST).read_text("utf-8"))  # type: ignore[operator]
    except (OSError, ValueError, TypeError):
        return None
    return manifest


def clean_leftovers(published_dir: Path) -> list[str]:
    """Remove what a failed or killed publication left: staging folders, temporary links,
    release folders that never got their manifest. Returns what was removed."""
    removed: list[str] = []
    if not published_dir.is_dir():
        return removed
    current = current_release(published_dir)
    for path in published_dir.iterdir():
        if path.name.startswith((STAGING_PREFIX, ".current.", f".{PUBLISHED_DATABASE}")):
            _remove(path)
            removed.append(path.name)
    releases = published_dir / RELEASES_DIR
    if releases.is_dir():
        for release in releases.iterdir():
            if release != current and not (release / MANIFEST).is_file():
                _remove(release)
                removed.append(f"{RELEASES_DIR}/{release.name}")
    return removed


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def start_release(published_dir: Path, published_at: datetime, run_id: str) -> tuple[str, Path]:
    """(release id, an empty staging folder for it)."""
    published_dir.mkdir(parents=True, exist_ok=True)
    published_dir.chmod(0o755)
    identifier = release_id(published_at, run_id)
    staging = published_dir / f"{STAGING_PREFIX}{identifier}"
    _remove(staging)
    staging.mkdir()
    return identifier, staging


def previous_database(published_dir: Path) -> Path | None:
    """The current release's DuckDB file (None before the first release)."""
    current = current_release(published_dir)
    if current is None or not (current / PUBLISHED_DATABASE).is_file():
        return None
    return current / PUBLISHED_DATABASE


def previous_publication_log(published_dir: Path) -> list[tuple[Any, ...]]:
    """The publication log of the current release: every release that became current."""
    import duckdb

    current = current_release(published_dir)
    if current is None or not (current / PUBLISHED_DATABASE).is_file():
        return []
    with duckdb.connect(str(current / PUBLISHED_DATABASE), read_only=True) as connection:
        columns = {
            c
            for (c,) in connection.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'marts' "
                "AND table_name = 'publication_log'"
            ).fetchall()
        }
        if "release_id" not in columns:
            return []
        return connection.execute(
            "SELECT release_id, published_at, dagster_run_id FROM marts.publication_log "
            "ORDER BY published_at"
        ).fetchall()


def commit_release(
    published_dir: Path,
    staging: Path,
    identifier: str,
    manifest: dict[str, Any],
    folder: str | None = None,
) -> Path:
    """Flush the staged release, move it into releases/ and make it current in one rename.

    ``folder`` names the release's folder when it is not the release id (a release whose
    report was rebuilt, see rebuild_part)."""
    import json

    files = sorted(p for p in staging.rglob("*") if p.is_file())
    manifest = {
        **manifest,
        "release_id": identifier,
        "files": {
            str(p.relative_to(staging)): {"sha256": file_sha256(p), "bytes": p.stat().st_size}
            for p in files
        },
    }
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    for path in [*staging.rglob("*"), staging]:
        if path.is_dir():
            path.chmod(0o755)
        else:
            path.chmod(0o644)
        _fsync(path)
    releases = published_dir / RELEASES_DIR
    releases.mkdir(exist_ok=True)
    releases.chmod(0o755)
    final = releases / (folder or identifier)
    os.replace(staging, final)
    _fsync(releases)
    link = published_dir / f".current.{final.name}"
    link.unlink(missing_ok=True)
    link.symlink_to(Path(RELEASES_DIR) / final.name)
    os.replace(link, published_dir / CURRENT)  # the one switch: readers see old or new
    _fsync(published_dir)
    # Stable names beside `current/` for what people open by hand (published/<name>): each is
    # a link through `current`, so it follows the switch and never points into a half-made
    # release.
    for entry in final.iterdir():
        stable = published_dir / entry.name
        if entry.name != MANIFEST and not stable.is_symlink():
            _remove(stable)  # a file or folder of the layout before releases existed
            stable.symlink_to(Path(CURRENT) / entry.name)
    kept = sorted(
        (p for p in releases.iterdir() if p.is_dir() and (p / MANIFEST).is_file()),
        key=lambda p: p.name,
    )
    for old in kept[:-KEEP_RELEASES]:
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final


def rebuild_part(published_dir: Path, part: str, build: Callable[[Path], object]) -> Path:
    """The current release again with one part (a folder, e.g. the report) rebuilt by
    ``build(staging)`` from the release's own files, made current the same all-or-nothing way.

    The data are the release's: same release id, same marts; the copy gets its own folder
    (`<release id>.r<time>`) and its manifest says what was rebuilt and when.
    """
    from datetime import UTC

    current = current_release(published_dir)
    manifest = current_manifest(published_dir)
    if current is None or manifest is None:
        raise PublicationError(
            f"there is no release in {published_dir} yet: `make run` publishes the first one"
        )
    clean_leftovers(published_dir)
    identifier = str(manifest["release_id"])
    stamp = datetime.now(UTC)
    folder = f"{identifier}.r{stamp:%Y%m%dT%H%M%S}"
    staging = published_dir / f"{STAGING_PREFIX}{folder}"
    shutil.copytree(current, staging, symlinks=True, ignore=shutil.ignore_patterns(MANIFEST))
    _remove(staging / part)
    try:
        build(staging)
    except BaseException:
        _remove(staging)
        raise
    kept = {k: v for k, v in manifest.items() if k not in ("files", "release_id", "rebuilt")}
    kept["rebuilt"] = {"part": part, "at": stamp.isoformat(), "from": current.name}
    return commit_release(published_dir, staging, identifier, kept, folder=folder)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _check_finite(connection: duckdb.DuckDBPyConnection) -> None:
    """No published number may be NaN or infinite: name the table, column and a row."""
    columns = connection.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = "
        "'publication' AND schema_name = 'marts' AND data_type IN ('DOUBLE', 'FLOAT', 'REAL') "
        "ORDER BY table_name, column_index"
    ).fetchall()
    for table, column in columns:
        bad = connection.execute(
            f'SELECT count(*) FROM publication.marts.{table} WHERE isinf("{column}") '
            f'OR isnan("{column}")'
        ).fetchone()
        if bad and bad[0]:
            keys = [
                c
                for (c,) in connection.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = 'publication' "
                    "AND schema_name = 'marts' AND table_name = ? AND data_type IN "
                    "('VARCHAR', 'INTEGER', 'BIGINT') ORDER BY column_index LIMIT 4",
                    [table],
                ).fetchall()
            ]
            example = connection.execute(
                f'SELECT {", ".join(chr(34) + k + chr(34) for k in keys) or "1"}, "{column}" '
                f'FROM publication.marts.{table} WHERE isinf("{column}") OR isnan("{column}") '
                "LIMIT 1"
            ).fetchone()
            where = ", ".join(f"{k}={v}" for k, v in zip(keys, example or (), strict=False))
            raise PublicationError(
                f"marts.{table}.{column} has {bad[0]} non-finite value(s) (NaN or infinity), "
                f"e.g. at {where}: {example[-1] if example else ''}. Nothing is published."
            )


def publish_marts(
    connection: duckdb.DuckDBPyConnection,
    staging: Path,
    tables: list[str],
    published_at: datetime,
    run_id: str,
    identifier: str,
    vietnamese: VietnameseDictionary,
    previous_log: list[tuple[Any, ...]],
    previous_database: Path | None = None,
) -> Publication:
    """Copy ``tables`` (schema.table in the warehouse) into the release's DuckDB file and its
    Parquet files, with the publication log, the vintages of the derived measures (carried
    forward from ``previous_database``, the current release's file) and the bilingual data
    dictionary."""
    database = staging / PUBLISHED_DATABASE
    parquet = staging / PARQUET_DIR
    parquet.mkdir()
    counts: dict[str, int] = {}
    connection.execute(f"ATTACH '{database}' AS publication")
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
        _check_finite(connection)
        for qualified in tables:
            name = qualified.split(".")[1]
            connection.execute(
                f"ALTER TABLE publication.marts.{name} ADD COLUMN {RELEASE_COLUMN} VARCHAR "
                f"DEFAULT {sql_string(identifier)}"
            )
            connection.execute(
                f"COMMENT ON COLUMN publication.marts.{name}.{RELEASE_COLUMN} IS "
                f"{sql_string(RELEASE_COLUMN_EN)}"
            )
        connection.execute(
            "CREATE TABLE publication.marts.publication_log (release_id VARCHAR, "
            "published_at TIMESTAMPTZ, dagster_run_id VARCHAR)"
        )
        connection.executemany(
            "INSERT INTO publication.marts.publication_log VALUES (?, ?, ?)",
            [*previous_log, (identifier, published_at, run_id)],
        )
        write_vintages(connection, identifier, published_at, previous_database)
        counts |= write_quality_tables(connection, "publication")
        missing_vietnamese = _write_dictionary(connection, vietnamese)
        connection.execute("CHECKPOINT publication")
        # The Parquet copies are made from the publication itself, so both forms hold the
        # same rows: the marts, the publication log and the data dictionary.
        # The quality tables as quality.<table>.parquet, beside the marts.
        for schema, name in connection.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = 'publication' AND schema_name IN ('marts', ?)",
            [QUALITY_SCHEMA],
        ).fetchall():
            stem = name if schema == "marts" else f"{schema}.{name}"
            connection.execute(
                f"COPY publication.{schema}.{name} TO '{parquet / stem}.parquet' (FORMAT parquet)"
            )
    finally:
        connection.execute("DETACH publication")
    return Publication(
        database=database, parquet_dir=parquet, tables=counts, missing_vietnamese=missing_vietnamese
    )
