"""Read one year of the enterprise survey against its contract (``pipelines.ingest.tabular``).

Every row that comes in leaves as exactly one of: a loaded row (typed, tax code replaced by a
keyed pseudonym, name/address/phone dropped) or a quarantined row (its values as delivered,
without the personal fields and with the pseudonym in place of the tax code, and the rules it
broke, each naming its column and row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from pipelines.ingest.contracts import tabular_contract
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.tabular import (
    Sheet,
    names_to_screen,
    read_csv_sheet,
    read_table,
    read_workbook_sheets,
)

CONTRACT = "enterprise_survey"
TABLE = "enterprise_survey"


@dataclass(frozen=True)
class SurveyRead:
    """What one file gave: loaded rows, quarantined rows, and the lineage they share."""

    loaded: pl.DataFrame
    quarantined: pl.DataFrame
    rows_in: int
    source_file: str
    source_sha256: str
    survey_year: int
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)


def survey_year_of(path: Path) -> int:
    contract = tabular_contract(CONTRACT)
    match = re.match(contract.file_name_pattern, path.name)
    if not match:
        raise SourceFileError(path, f"file name does not follow {contract.file_name_example}")
    return int(match["year"])


def survey_sheet(path: Path) -> tuple[Sheet, list[str]]:
    """The survey's table: a CSV, or the only non-empty sheet of a workbook."""
    if path.suffix.lower() == ".csv":
        return read_csv_sheet(path), []
    sheets = read_workbook_sheets(path)
    filled = [s for s in sheets.values() if s.headers]
    if not filled:
        raise SourceFileError(path, "the workbook has no sheet with data")
    notes = [
        f"sheet {s.name!r} is not read: a survey workbook holds one table, in its first sheet "
        f"({filled[0].name!r})"
        for s in filled[1:]
    ]
    return filled[0], notes


def read_survey_file(
    path: Path, key: bytes, loaded_at: datetime | None = None, max_year: int | None = None
) -> SurveyRead:
    contract = tabular_contract(CONTRACT)
    year = survey_year_of(path)
    if max_year is not None and year > max_year:
        raise SourceFileError(
            path, f"survey year {year} is in the future (latest allowed {max_year})"
        )
    loaded_at = loaded_at or datetime.now(UTC)
    sha256 = file_sha256(path)
    sheet, notes = survey_sheet(path)
    table = contract.tables[TABLE]
    read = read_table(
        sheet,
        TABLE,
        contract,
        key,
        names_to_screen([(sheet, table)]),
        {
            "source_sha256": sha256,
            "loaded_at": loaded_at,
            "columns": [pl.lit(year, pl.Int32).alias("survey_year")],
            # the survey describes enterprises at the end of its year: codes as they stood then
            "as_of": date(year, 12, 31),
        },
    )
    return SurveyRead(
        loaded=read.loaded,
        quarantined=read.quarantined,
        rows_in=read.rows_in,
        source_file=path.name,
        source_sha256=sha256,
        survey_year=year,
        sheet=sheet.name,
        notes=notes + read.notes,
    )
