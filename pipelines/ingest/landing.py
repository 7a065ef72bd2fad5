"""The landing folder: which delivered files belong to which source, and their load-log rows.

Every file found in the landing folder is accounted for: a source takes the files whose names
its contract accepts; every other file (an unknown name, a wrong folder, a sub-folder, a
temporary file) gets a load-log row saying why it was not taken. A file whose bytes equal
another delivered or loaded file under another name is refused, naming both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.ingest.archive import archive_file
from pipelines.ingest.contracts import SOURCES, load_contract
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256

# Folders and files of the project itself that live beside the deliveries in the default
# landing folder (sources/): never deliveries, so never logged.
PROJECT_FOLDERS = ("contracts", "reference")
DOCUMENTATION = re.compile(r"^README(\.[a-z]+)?$", re.IGNORECASE)
# A source folder holding this file says what its files are: `synthetic` (the shipped sample,
# written by the generator) or `real`. A folder without it holds real deliveries.
ORIGIN_FILE = "DATA_ORIGIN"
ORIGINS = ("real", "synthetic")

# The first annual enterprise survey was conducted in 2000.
FIRST_SURVEY_YEAR = 2000

LOAD_LOG_SCHEMA = pl.Schema(
    [
        ("source", pl.String()),
        ("partition_key", pl.String()),
        ("source_file", pl.String()),
        ("source_sha256", pl.String()),
        ("archive_path", pl.String()),
        ("sheet", pl.String()),
        ("target_table", pl.String()),
        ("status", pl.String()),
        ("reason", pl.String()),
        ("rows_in", pl.Int64()),
        ("rows_loaded", pl.Int64()),
        ("rows_quarantined", pl.Int64()),
        ("rows_duplicate", pl.Int64()),
        ("rows_derived", pl.Int64()),
        ("notes", pl.String()),
        ("data_origin", pl.String()),
        ("key_fingerprint", pl.String()),
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


@dataclass(frozen=True)
class NotTaken:
    """A file in the landing folder that no source reads, and why."""

    path: Path
    source: str | None  # the source folder it lies in, if any
    reason: str


def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(load_contract(source)["file_name_pattern"])


def source_files(landing_dir: Path, source: str) -> list[Path]:
    """The files of ``source`` whose names its contract accepts."""
    folder = landing_dir / source
    if not folder.is_dir():
        return []
    pattern = _pattern(source)
    return sorted(p for p in folder.iterdir() if p.is_file() and pattern.match(p.name))


def no_files_message(landing_dir: Path, source: str) -> str:
    """The same plain words for every source when none of its files is there."""
    folder = landing_dir / source
    if not folder.is_dir():
        state = "the folder does not exist"
    elif not any(folder.iterdir()):
        state = "the folder is empty"
    else:
        state = f"no file in it is named {load_contract(source)['file_name_example']}"
    return f"no {source} files in {folder}: {state}"


def not_taken(landing_dir: Path) -> list[NotTaken]:
    """Every file in the landing folder that no source takes, with the reason."""
    if not landing_dir.is_dir():
        return []
    found: list[NotTaken] = []
    for path in sorted(p for p in landing_dir.rglob("*") if p.is_file() or p.is_symlink()):
        parts = path.relative_to(landing_dir).parts
        if (
            parts[0] in PROJECT_FOLDERS
            or DOCUMENTATION.match(path.name)
            or path.name == ORIGIN_FILE
        ):
            continue
        source = parts[0] if len(parts) > 1 and parts[0] in SOURCES else None
        if path.name.startswith((".", "~$")) or path.name.endswith(("~", ".tmp", ".partial")):
            reason = "a hidden or temporary file (an editor's lock file or a copy in progress)"
        elif len(parts) == 1:
            reason = f"not in a source folder: put it in {', '.join(s + '/' for s in SOURCES)}"
        elif source is None:
            reason = f"folder {parts[0]!r} is not a source: the source folders are " + ", ".join(
                s + "/" for s in SOURCES
            )
        elif len(parts) > 2:
            reason = f"in a sub-folder: only files directly in {source}/ are read"
        elif not path.is_file():
            reason = "not a regular file"
        elif _pattern(source).match(path.name):
            continue
        else:
            reason = f"name does not follow {load_contract(source)['file_name_example']}"
            elsewhere = [s for s in SOURCES if s != source and _pattern(s).match(path.name)]
            if elsewhere:
                reason += f"; the name is one of {elsewhere[0]}'s: move it to {elsewhere[0]}/"
        found.append(NotTaken(path, source, reason))
    return found


def data_origin(landing_dir: Path, source: str) -> str:
    """`real` or `synthetic`: what the source folder's DATA_ORIGIN file says (real without it)."""
    marker = landing_dir / source / ORIGIN_FILE
    if not marker.is_file():
        return "real"
    words = marker.read_text(encoding="utf-8").split()
    origin = words[0].lower() if words else ""
    if origin not in ORIGINS:
        raise SourceFileError(
            marker, f"the first word must be {' or '.join(ORIGINS)}, not {origin!r}"
        )
    return origin


def deliver(paths: Iterable[Path]) -> list[DeliveredFile]:
    return [DeliveredFile(path, file_sha256(path)) for path in paths]


def fingerprint(files: Iterable[DeliveredFile]) -> set[tuple[str, str]]:
    return {(f.name, f.sha256) for f in files}


def refuse_duplicate_bytes(
    files: Sequence[DeliveredFile], loaded: dict[str, tuple[str, str]]
) -> None:
    """Refuse a file whose bytes equal another of ``files`` (one source's delivery), or a file
    loaded under another name (``loaded``: sha256 -> (file name, when loaded)), naming both."""
    first: dict[str, DeliveredFile] = {}
    for file in sorted(files, key=lambda f: f.name):
        other = first.setdefault(file.sha256, file)
        if other is not file:
            raise SourceFileError(
                file.path,
                f"its bytes are identical to {other.name}: the same file delivered twice under "
                "two names. Keep the one whose name is right.",
            )
        previous = loaded.get(file.sha256)
        if previous and previous[0] != file.name:
            raise SourceFileError(
                file.path,
                f"its bytes are identical to {previous[0]}, loaded {previous[1]}: a file already "
                "loaded, under another name. If the name was wrong, remove this copy; if it is "
                "new data, the office must deliver the new file.",
            )


def survey_files_by_year(landing_dir: Path) -> dict[str, Path]:
    """{survey year: file}; two files for one year (say a CSV and a workbook) is an error."""
    pattern = _pattern("enterprise_survey")
    by_year: dict[str, Path] = {}
    for path in source_files(landing_dir, "enterprise_survey"):
        match = pattern.match(path.name)
        assert match is not None  # source_files only returns matching names
        year = match["year"]
        if year in by_year:
            raise SourceFileError(
                path, f"survey year {year} is also delivered as {by_year[year].name}: keep one"
            )
        if int(year) < FIRST_SURVEY_YEAR:
            raise SourceFileError(
                path,
                f"survey year {year} is before {FIRST_SURVEY_YEAR}, the first annual enterprise "
                "survey",
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
    rows_duplicate: int = 0,
    rows_derived: int = 0,
    notes: Sequence[str] = (),
    key_fingerprint: str | None = None,
    data_origin: str = "real",
) -> dict[str, object]:
    if rows_in != rows_loaded + rows_quarantined + rows_duplicate + rows_derived:
        # Never expected: the readers account for every row. Refuse to record a lossy load.
        raise SourceFileError(
            file.path,
            f"rows in ({rows_in}) != loaded ({rows_loaded}) + quarantined ({rows_quarantined})"
            f" + identical duplicates ({rows_duplicate}) + derived figures ({rows_derived})",
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
        "status": "loaded",
        "reason": None,
        "rows_in": rows_in,
        "rows_loaded": rows_loaded,
        "rows_quarantined": rows_quarantined,
        "rows_duplicate": rows_duplicate,
        "rows_derived": rows_derived,
        "notes": "; ".join(notes) or None,
        "data_origin": data_origin,
        "key_fingerprint": key_fingerprint,
        "loaded_at": loaded_at,
        "dagster_run_id": run_id,
    }


def not_taken_rows(
    entries: Sequence[NotTaken], landing_dir: Path, seen_at: datetime, run_id: str
) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "source": entry.source,
                "source_file": str(entry.path.relative_to(landing_dir)),
                "source_sha256": file_sha256(entry.path) if entry.path.is_file() else "",
                "target_table": "",
                "status": "not_taken",
                "reason": entry.reason,
                "rows_in": 0,
                "rows_loaded": 0,
                "rows_quarantined": 0,
                "rows_duplicate": 0,
                "rows_derived": 0,
                "loaded_at": seen_at,
                "dagster_run_id": run_id,
            }
            for entry in entries
        ],
        schema=LOAD_LOG_SCHEMA,
    )


def archive_all(
    files: Iterable[DeliveredFile], warehouse_dir: Path, source: str
) -> dict[str, Path]:
    return {f.name: archive_file(f.path, f.sha256, warehouse_dir, source) for f in files}
