"""The landing folder: which delivered files belong to which source, and their load log rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.ingest.archive import archive_file
from pipelines.ingest.contracts import load_contract
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256

SOURCES = ("statistics_office", "enterprise_survey", "research_registry")

LOAD_LOG_SCHEMA = pl.Schema(
    [
        ("source", pl.String()),
        ("partition_key", pl.String()),
        ("source_file", pl.String()),
        ("source_sha256", pl.String()),
        ("archive_path", pl.String()),
        ("sheet", pl.String()),
        ("target_table", pl.String()),
        ("rows_in", pl.Int64()),
        ("rows_loaded", pl.Int64()),
        ("rows_quarantined", pl.Int64()),
        ("loaded_at", pl.Datetime("us", "UTC")),
        ("dagster_run_id", pl.String()),
    ]
)


@dataclass(frozen=True)
class DeliveredFile:
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def source_files(landing_dir: Path, source: str) -> list[Path]:
    """The files of ``source`` whose names its contract accepts (READMEs etc. are ignored)."""
    folder = landing_dir / source
    pattern = re.compile(load_contract(source)["file_name_pattern"])
    return sorted(p for p in folder.glob("*") if p.is_file() and pattern.match(p.name))


def deliver(paths: Iterable[Path]) -> list[DeliveredFile]:
    return [DeliveredFile(path, file_sha256(path)) for path in paths]


def fingerprint(files: Iterable[DeliveredFile]) -> set[tuple[str, str]]:
    return {(f.name, f.sha256) for f in files}


def survey_files_by_year(landing_dir: Path) -> dict[str, Path]:
    """{survey year: file}; two files for one year (say a CSV and a workbook) is an error."""
    pattern = re.compile(load_contract("enterprise_survey")["file_name_pattern"])
    by_year: dict[str, Path] = {}
    for path in source_files(landing_dir, "enterprise_survey"):
        match = pattern.match(path.name)
        assert match is not None  # source_files only returns matching names
        year = match["year"]
        if year in by_year:
            raise SourceFileError(
                path, f"survey year {year} is also delivered as {by_year[year].name}: keep one"
            )
        by_year[year] = path
    return by_year


def log_row(
    source: str,
    file: DeliveredFile,
    archived: Path,
    *,
    target_table: str,
    rows_in: int,
    rows_loaded: int,
    rows_quarantined: int,
    loaded_at: datetime,
    run_id: str,
    sheet: str | None = None,
    partition_key: str | None = None,
) -> dict[str, object]:
    if rows_in != rows_loaded + rows_quarantined:
        # Never expected: the readers account for every row. Refuse to record a lossy load.
        raise SourceFileError(
            file.path,
            f"rows in ({rows_in}) != loaded ({rows_loaded}) + quarantined ({rows_quarantined})",
            sheet=sheet,
        )
    return {
        "source": source,
        "partition_key": partition_key,
        "source_file": file.name,
        "source_sha256": file.sha256,
        "archive_path": str(archived),
        "sheet": sheet,
        "target_table": target_table,
        "rows_in": rows_in,
        "rows_loaded": rows_loaded,
        "rows_quarantined": rows_quarantined,
        "loaded_at": loaded_at,
        "dagster_run_id": run_id,
    }


def archive_all(
    files: Iterable[DeliveredFile], warehouse_dir: Path, source: str
) -> dict[str, Path]:
    return {f.name: archive_file(f.path, f.sha256, warehouse_dir, source) for f in files}
