"""Read statistical-yearbook tables (Niên giám thống kê) into one long table of cells.

The office delivers each table in the yearbook's own layout: a title row, a unit row
("Đơn vị tính: Tỷ đồng"), a header row of years whose last year is marked preliminary
("Sơ bộ 2024"), Vietnamese row labels, "-" or ".." for missing, and footnotes under the
table. Every data cell becomes one row: geography × indicator × sector × year, in the units
the contract normalises to, with the edition and the cell's lineage.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.contracts import load_contract, normalise_label
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.text import check_utf8

CONTRACT = "statistics_office"

CELL_SCHEMA: dict[str, Any] = {
    "edition": pl.Int32,
    "province_code": pl.String,
    "geography_code": pl.String,
    "table_code": pl.String,
    "indicator": pl.String,
    "sector_code": pl.String,
    "price_basis": pl.String,
    "year": pl.Int32,
    "value": pl.Float64,
    "unit": pl.String,
    "is_preliminary": pl.Boolean,
    "missing_reason": pl.String,
    "source_file": pl.String,
    "source_sha256": pl.String,
    "sheet": pl.String,
    "source_row": pl.Int32,
    "source_column": pl.Int32,
    "loaded_at": pl.Datetime("us", "UTC"),
}

UNIT_IN_LABEL = re.compile(r"\((?P<unit>[^()]+)\)\s*$")


@dataclass(frozen=True)
class YearbookFile:
    path: Path
    province_code: str
    geography_code: str
    edition: int
    extension: str
    csv_sheet: str | None


def parse_file_name(path: Path) -> YearbookFile:
    contract = load_contract(CONTRACT)
    match = re.match(contract["file_name_pattern"], path.name)
    if not match:
        raise SourceFileError(
            path,
            "file name does not follow <province>_<code>_nien_giam_<edition>[_<SHEET>].xlsx|csv",
        )
    province = contract["provinces"].get(f"{match['province_slug']}_{match['province_code']}")
    if province is None:
        raise SourceFileError(
            path,
            f"unknown province {match['province_slug']}_{match['province_code']}: "
            f"expected one of {', '.join(contract['provinces'])}",
        )
    return YearbookFile(
        path=path,
        province_code=match["province_code"],
        geography_code=province["geography_code"],
        edition=int(match["edition"]),
        extension=match["extension"],
        csv_sheet=match["sheet"],
    )


def read_yearbook_file(path: Path, loaded_at: datetime | None = None) -> pl.DataFrame:
    """All tables of one workbook (or one CSV table) as long-form cells."""
    info = parse_file_name(path)
    sha256 = file_sha256(path)
    loaded_at = loaded_at or datetime.now(UTC)
    sheets: Iterable[tuple[str, list[list[Any]]]]
    if info.extension == "xlsx":
        sheets = _xlsx_sheets(path)
    else:
        if info.csv_sheet is None:
            raise SourceFileError(path, "a CSV table must name its sheet: <workbook>_<SHEET>.csv")
        sheets = [(info.csv_sheet, _csv_rows(path))]
    frames = [
        _parse_table(info, sheet, rows, sha256, loaded_at)
        for sheet, rows in sheets
        if sheet in load_contract(CONTRACT)["tables"]
    ]
    if not frames:
        raise SourceFileError(path, "no sheet named after a table of the contract")
    return pl.concat(frames)


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    from openpyxl import load_workbook  # lazy: openpyxl is only needed for workbooks

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged zip/xml
        raise SourceFileError(path, f"not a readable .xlsx workbook ({error})") from error
    try:
        return [
            (sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)])
            for sheet in workbook.worksheets
        ]
    except Exception as error:
        raise SourceFileError(path, f"workbook is damaged or truncated ({error})") from error
    finally:
        workbook.close()


def _csv_rows(path: Path) -> list[list[Any]]:
    text = check_utf8(path)
    rows: list[list[Any]] = []
    for cells in csv.reader(text.splitlines(), delimiter=";"):
        rows.append([_csv_cell(cell) for cell in cells])
    return rows


def _csv_cell(cell: str) -> Any:
    """CSV tables use a decimal comma; numbers become floats, everything else stays text."""
    text = cell.strip()
    if not text:
        return None
    candidate = text.replace(" ", "").replace(",", ".")
    try:
        return float(candidate)
    except ValueError:
        return text


def _parse_table(
    info: YearbookFile,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    sha256: str,
    loaded_at: datetime,
) -> pl.DataFrame:
    contract = load_contract(CONTRACT)
    table = contract["tables"][sheet]
    path = info.path

    def fail(problem: str, row: int | None = None) -> SourceFileError:
        return SourceFileError(path, problem, sheet=sheet, row=row)

    unit_index = next(
        (
            i
            for i, row in enumerate(rows)
            if row and isinstance(row[0], str) and row[0].strip().startswith("Đơn vị tính")
        ),
        None,
    )
    if unit_index is None:
        raise fail("no unit row ('Đơn vị tính: ...') above the table")
    unit_text = str(rows[unit_index][0]).split(":", 1)[1].strip()

    header_index, year_columns = _find_year_header(rows, unit_index + 1)
    if header_index is None:
        raise fail("no header row with years after the unit row", unit_index + 2)

    table_rows = _row_labels(table, contract)
    section_pattern = re.compile(contract["section_row_pattern"])
    missing_markers: dict[str, str] = contract["missing_markers"]
    records: list[dict[str, Any]] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        if _is_blank(row):
            break  # the table ends at the first empty row; footnotes follow
        label = row[0]
        values = [row[col] if col < len(row) else None for col, _, _ in year_columns]
        if label is None or str(label).strip() == "":
            raise fail("data row without a label in column A", excel_row)
        if all(value is None or str(value).strip() == "" for value in values):
            continue  # a group heading such as "Phân theo ngành kinh tế"
        mapping = table_rows.get(normalise_label(label))
        if mapping is None and table.get("sections"):
            section = section_pattern.match(str(label).strip())
            if section:
                mapping = {"sector": section["section"]}
        if mapping is None:
            raise fail(
                f"row label {str(label)!r} is not in the contract for table {sheet}", excel_row
            )
        unit_label = unit_text
        if "ghi theo" in unit_text.casefold():
            in_label = UNIT_IN_LABEL.search(str(label))
            if not in_label:
                raise fail(f"row {str(label)!r} does not state its unit in parentheses", excel_row)
            unit_label = in_label["unit"].strip()
        unit = contract["units"].get(unit_label)
        if unit is None:
            raise fail(f"unknown unit {unit_label!r}", excel_row)
        geography = mapping.get("geography", "PROVINCE")
        for (col, year, preliminary), value in zip(year_columns, values, strict=True):
            number, missing = _cell_value(value, missing_markers)
            if missing is None and number is None:
                raise fail(
                    f"column {_column_letter(col)} ({year}): {value!r} is neither a number "
                    "nor a missing marker ('-' or '..')",
                    excel_row,
                )
            records.append(
                {
                    "edition": info.edition,
                    "province_code": info.province_code,
                    "geography_code": info.geography_code if geography == "PROVINCE" else geography,
                    "table_code": sheet,
                    "indicator": mapping.get("indicator", table.get("indicator")),
                    "sector_code": mapping.get("sector", "TOTAL"),
                    "price_basis": mapping.get("price_basis", table.get("price_basis", "none")),
                    "year": year,
                    "value": None if number is None else number * unit["factor"],
                    "unit": unit["unit"],
                    "is_preliminary": preliminary,
                    "missing_reason": missing,
                    "source_file": path.name,
                    "source_sha256": sha256,
                    "sheet": sheet,
                    "source_row": excel_row,
                    "source_column": col + 1,
                    "loaded_at": loaded_at,
                }
            )
    if not records:
        raise fail("the table has no data rows")
    return pl.DataFrame(records, schema=CELL_SCHEMA)


def _row_labels(table: dict[str, Any], contract: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {normalise_label(label): mapping for label, mapping in table.get("rows", {}).items()}


def _find_year_header(
    rows: Sequence[Sequence[Any]], start: int
) -> tuple[int | None, list[tuple[int, int, bool]]]:
    """The header row: the first row (within 5 of the unit row) with year cells.

    Accepts "2024", 2024.0, "Sơ bộ 2024", "2024 (Sơ bộ)", and headers spread over merged
    cells, where the preliminary marker stands in the row above the year.
    """
    marker = normalise_label(load_contract(CONTRACT)["preliminary_marker"])
    for index in range(start, min(start + 5, len(rows))):
        above = rows[index - 1] if index > start else []
        columns: list[tuple[int, int, bool]] = []
        for col, cell in enumerate(rows[index]):
            if col == 0 or cell is None:
                continue
            text = normalise_label(cell)
            text = text.removesuffix(".0") if isinstance(cell, float) else text
            year = re.search(r"(?:19|20)\d{2}", text)
            if not year:
                continue
            rest = text.replace(year.group(), "").replace(marker, "")
            if re.fullmatch(r"[\s()*,.:-]*", rest) is None:
                continue  # a title or note that merely mentions a year
            cell_above = above[col] if col < len(above) and above[col] is not None else ""
            prelim = marker in text or marker in normalise_label(cell_above)
            columns.append((col, int(year.group()), prelim))
        if columns:
            return index, columns
    return None, []


def _cell_value(value: Any, missing_markers: dict[str, str]) -> tuple[float | None, str | None]:
    if value is None:
        return None, "not_available"
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int | float):
        return float(value), None
    text = str(value).strip()
    if text in missing_markers:
        return None, missing_markers[text]
    try:
        return float(text.replace(" ", "").replace(",", ".")), None
    except ValueError:
        return None, None


def _is_blank(row: Sequence[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
