"""Read statistical-yearbook tables (Niên giám thống kê) into one long table of cells.

The office delivers each table in the yearbook's own layout: a title row, a unit row
("Đơn vị tính: Tỷ đồng"), a header row of years whose last year is marked preliminary
("Sơ bộ 2024") or an estimate ("Ước tính 2025"), Vietnamese row labels, "-" or ".." for
missing, and footnotes under the table. Every data cell becomes one row: geography ×
indicator × sector × year, in the units the contract normalises to, with the edition and the
cell's lineage.

Nothing is skipped silently: a blank row inside a table does not end it; a sheet that holds a
table the contract does not know refuses the file (a sheet that holds no table is reported);
a header that names a year in words the contract does not know, two columns for one year, a
formula with no saved value, a text that is not a number in the file's declared format, or
an edition that does not match its years refuse the file naming the cell. A figure outside
its unit's plausible range is quarantined. The cells read are counted again from the file by
a second reader, and a difference refuses the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.contracts import (
    district_names,
    load_contract,
    normalise_label,
    plausible_ranges,
)
from pipelines.ingest.errors import SourceFileError, column_letter
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.numbers import (
    NumberFormat,
    native_number_problem,
    parse_text_number,
)
from pipelines.ingest.tabular import formulas_without_values
from pipelines.ingest.text import check_utf8

CONTRACT = "statistics_office"

CELL_SCHEMA = pl.Schema(
    {
        "edition": pl.Int32(),
        "province_code": pl.String(),
        "geography_code": pl.String(),
        "table_code": pl.String(),
        "indicator": pl.String(),
        "sector_code": pl.String(),
        "price_basis": pl.String(),
        "year": pl.Int32(),
        "value": pl.Float64(),
        "unit": pl.String(),
        "is_preliminary": pl.Boolean(),
        "is_estimated": pl.Boolean(),
        "missing_reason": pl.String(),
        "source_file": pl.String(),
        "source_sha256": pl.String(),
        "sheet": pl.String(),
        "source_row": pl.Int32(),
        "source_column": pl.Int32(),
        "loaded_at": pl.Datetime("us", "UTC"),
    }
)
QUARANTINE_SCHEMA = pl.Schema({**CELL_SCHEMA, "quarantine_reason": pl.String()})

UNIT_IN_LABEL = re.compile(r"\((?P<unit>[^()]+)\)\s*$")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class YearbookFile:
    path: Path
    province_code: str
    geography_code: str
    edition: int
    extension: str
    csv_sheet: str | None


@dataclass(frozen=True)
class YearColumn:
    index: int
    year: int
    preliminary: bool
    estimated: bool


@dataclass
class YearbookRead:
    """One file's cells, per sheet, with what was quarantined and what was not taken."""

    cells: pl.DataFrame
    quarantined: pl.DataFrame
    rows_in: dict[str, int]  # sheet (table code) -> cells counted from the file
    sheet_names: dict[str, str]  # table code -> the sheet's name as delivered
    notes: list[str] = field(default_factory=list)


def parse_file_name(path: Path) -> YearbookFile:
    contract = load_contract(CONTRACT)
    match = re.match(contract["file_name_pattern"], path.name)
    if not match:
        raise SourceFileError(path, f"file name does not follow {contract['file_name_example']}")
    slug = f"{match['province_slug']}_{match['province_code']}"
    province = contract["provinces"].get(slug)
    if province is None:
        raise SourceFileError(
            path, f"unknown province {slug}: expected one of {', '.join(contract['provinces'])}"
        )
    edition = int(match["edition"])
    first, last = province.get("first_edition"), province.get("last_edition")
    if (first and edition < first) or (last and edition > last):
        span = f"from {first}" if first else f"up to {last}"
        raise SourceFileError(
            path,
            f"{province['name_vi']} has yearbook editions {span} only (Resolution "
            f"202/2025/QH15): an edition {edition} of it cannot exist. Is this a copy of "
            "another edition under a new name?",
        )
    return YearbookFile(
        path=path,
        province_code=match["province_code"],
        geography_code=province["geography_code"],
        edition=edition,
        extension=match["extension"],
        csv_sheet=match["sheet"],
    )


def table_for_sheet(sheet: str) -> str | None:
    """The contract's table code for a sheet name (its code, or one of its Vietnamese names)."""
    wanted = normalise_label(sheet)
    for code, spec in load_contract(CONTRACT)["tables"].items():
        if wanted in {normalise_label(n) for n in [code, *spec.get("sheet_aliases", [])]}:
            return str(code)
    return None


def read_yearbook(path: Path, loaded_at: datetime | None = None) -> YearbookRead:
    """All tables of one workbook (or one CSV table) as long-form cells."""
    info = parse_file_name(path)
    sha256 = file_sha256(path)
    loaded_at = loaded_at or datetime.now(UTC)
    contract = load_contract(CONTRACT)
    number_format = NumberFormat(**contract["number_format"][info.extension])
    if info.extension == "xlsx":
        grids = _xlsx_grids(path)
        counts = _count_xlsx_cells(path, list(grids))
    else:
        if info.csv_sheet is None:
            raise SourceFileError(path, "a CSV table must name its sheet: <workbook>_<SHEET>.csv")
        text = check_utf8(path)
        grids = {info.csv_sheet: _csv_grid(path, text)}
        counts = {info.csv_sheet: _count_csv_cells(text)}
    grids = {sheet: _without_leading_blank_columns(grid) for sheet, grid in grids.items()}
    frames: list[pl.DataFrame] = []
    notes: list[str] = []
    rows_in: dict[str, int] = {}
    names: dict[str, str] = {}
    for sheet, grid in grids.items():
        code = table_for_sheet(sheet)
        if code is None:
            if _looks_like_a_table(grid):
                known = ", ".join(contract["tables"])
                raise SourceFileError(
                    path,
                    f"sheet {sheet!r} holds a table (a unit row and a row of years) that is not "
                    f"in the contract: name the sheet after its table ({known}) or add the "
                    "table to sources/contracts/statistics_office.yaml",
                    sheet=sheet,
                )
            if any(_filled(c) for row in grid for c in row):
                notes.append(f"sheet {sheet!r} holds no table (no unit row and years): not loaded")
            continue
        if code in names:
            raise SourceFileError(
                path, f"sheets {names[code]!r} and {sheet!r} are both table {code}: keep one"
            )
        names[code] = sheet
        frame = _parse_table(info, code, sheet, grid, sha256, loaded_at, number_format)
        if frame.height != counts[sheet]:
            raise SourceFileError(
                path,
                f"the table has {counts[sheet]} figures but {frame.height} were read: nothing "
                "is loaded rather than lose a figure",
                sheet=sheet,
            )
        rows_in[code] = counts[sheet]
        frames.append(frame)
    if not frames:
        raise SourceFileError(path, "no sheet named after a table of the contract")
    cells = pl.concat(frames)
    # an edition covers the years up to its own; it may add estimates for later years
    latest = int(cells.filter(~pl.col("is_estimated"))["year"].max())  # type: ignore[arg-type]
    if latest != info.edition:
        raise SourceFileError(
            path,
            f"edition {info.edition} by its name, but its latest year is {latest}: an edition "
            "covers the years up to its own. Is this a copy of another edition under a new name?",
        )
    cells, quarantined = quarantine_implausible(cells)
    return YearbookRead(cells, quarantined, rows_in, names, notes)


def read_yearbook_file(path: Path, loaded_at: datetime | None = None) -> pl.DataFrame:
    """The loaded cells of one file (what tests and tools that need only the figures call)."""
    return read_yearbook(path, loaded_at).cells


def quarantine_implausible(
    cells: pl.DataFrame,
    cell_schema: pl.Schema = CELL_SCHEMA,
    quarantine_schema: pl.Schema = QUARANTINE_SCHEMA,
    where: str = "sheet",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(plausible cells, implausible ones with the reason): every figure against the range of
    its unit (`figure_<unit>` in models/seeds/plausible_ranges.csv)."""
    ranges = plausible_ranges()
    bounds = pl.DataFrame(
        [
            {"unit": m.removeprefix("figure_"), "low": low, "high": high, "measure": m}
            for m, (low, high, _unit) in ranges.items()
            if m.startswith("figure_")
        ]
    )
    unknown_units = set(cells["unit"].drop_nulls().unique()) - set(bounds["unit"])
    if unknown_units:
        raise SourceFileError(
            cells["source_file"][0],
            f"no plausible range for unit(s) {', '.join(sorted(unknown_units))}: add "
            "figure_<unit> to models/seeds/plausible_ranges.csv",
        )
    checked = cells.join(bounds, on="unit", how="left")
    outside = (pl.col("value") < pl.col("low")) | (pl.col("value") > pl.col("high"))
    bad = checked.filter(outside.fill_null(value=False))

    def text(column: str, render: Any) -> pl.Expr:
        return pl.col(column).map_elements(render, return_dtype=pl.String)

    position = pl.concat_str(
        [
            pl.col(where),
            pl.lit(" at row "),
            pl.col("source_row").cast(pl.String),
            pl.when(pl.col("source_column").is_not_null())
            .then(
                pl.concat_str(
                    [pl.lit(", column "), text("source_column", lambda c: column_letter(c - 1))]
                )
            )
            .otherwise(pl.lit("")),
        ]
    )
    reason = pl.format(
        "{} ({}): {} {} is outside the plausible range {} to {} ({} in "
        "models/seeds/plausible_ranges.csv)",
        position,
        "year",
        text("value", lambda v: f"{v:,.0f}"),
        "unit",
        text("low", lambda v: f"{v:,.0f}"),
        text("high", lambda v: f"{v:,.0f}"),
        "measure",
    )
    quarantined = bad.with_columns(reason.alias("quarantine_reason")).select(
        list(quarantine_schema)
    )
    kept = checked.filter(~outside.fill_null(value=False)).select(list(cell_schema))
    return kept, quarantined.cast(quarantine_schema)


# --- reading the grid ------------------------------------------------------------------


def _xlsx_grids(path: Path) -> dict[str, list[list[Any]]]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        grids = {
            name: [
                [None if isinstance(c, str) and c.strip() == "" else c for c in row]
                for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            ]
            for name in workbook.sheet_names
        }
        workbook.close()
    except Exception:
        raise SourceFileError(
            path, "not a readable .xlsx workbook (damaged, truncated or not a workbook)"
        ) from None
    for sheet, cell in formulas_without_values(path):
        raise SourceFileError(
            path,
            f"cell {cell} holds a formula with no saved value: open the workbook in Excel or "
            "LibreOffice, let it calculate, save, and deliver it again",
            sheet=sheet,
        )
    return grids


def _csv_grid(path: Path, text: str) -> list[list[Any]]:
    try:
        return [
            [cell if cell.strip() else None for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
        ]
    except csv.Error:
        raise SourceFileError(path, "a quoted value is never closed") from None


def _is_unit_row(cell: Any) -> bool:
    prefix = normalise_label(load_contract(CONTRACT)["unit_row_prefix"]).rstrip(":")
    return isinstance(cell, str) and normalise_label(cell).startswith(prefix)


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and cell.strip() == "")


class Grid(list[list[Any]]):
    """A sheet's rows, without the empty columns left of the table; ``offset`` of them."""

    offset = 0


def _without_leading_blank_columns(rows: list[list[Any]]) -> Grid:
    """A table may start right of column A: the empty columns before it are dropped, and
    column letters in messages and lineage still name the sheet's own columns."""
    used = [next((i for i, c in enumerate(row) if _filled(c)), None) for row in rows]
    offset = min((i for i in used if i is not None), default=0)
    grid = Grid([row[offset:] for row in rows])
    grid.offset = offset
    return grid


def _looks_like_a_table(grid: Sequence[Sequence[Any]]) -> bool:
    for index, row in enumerate(grid[:10]):
        if row and _is_unit_row(row[0]):
            return any(
                _filled(c) and YEAR.search(str(c))
                for r in grid[index + 1 : index + 6]
                for c in r[1:]
            )
    return False


# --- counting cells independently ------------------------------------------------------


def _count_cells(rows: list[list[str | None]]) -> int:
    """Figures in a table: for every labelled row below the row of years that has at least
    one filled year cell, one figure per year column. Deliberately simple and separate from
    the parser: it knows nothing of the contract's labels or markers."""
    rows = _without_leading_blank_columns(rows)
    header = None
    for i, row in enumerate(rows):
        if row and _is_unit_row(row[0]):
            header = next(
                (
                    j
                    for j in range(i + 1, min(i + 6, len(rows)))
                    if any(c and YEAR.search(c) for c in rows[j][1:])
                ),
                None,
            )
            break
    if header is None:
        return 0
    year_columns = [j for j, c in enumerate(rows[header]) if j > 0 and c and YEAR.search(c)]
    total = 0
    for row in rows[header + 1 :]:
        labelled = bool(row and row[0] and row[0].strip())
        values = [row[j] if j < len(row) else None for j in year_columns]
        if labelled and any(v and v.strip() for v in values):
            total += len(year_columns)
    return total


def _count_xlsx_cells(path: Path, sheets: list[str]) -> dict[str, int]:
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    counts = {}
    for name in sheets:
        try:
            frame = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        except Exception:
            counts[name] = 0
            continue
        counts[name] = _count_cells([list(row) for row in frame.iter_rows()])
    return counts


def _count_csv_cells(text: str) -> int:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    return _count_cells([[c if c.strip() else None for c in row] for row in reader])


# --- parsing one table -----------------------------------------------------------------


def _parse_table(
    info: YearbookFile,
    code: str,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    sha256: str,
    loaded_at: datetime,
    number_format: NumberFormat,
) -> pl.DataFrame:
    contract = load_contract(CONTRACT)
    table = contract["tables"][code]
    path = info.path
    offset = getattr(rows, "offset", 0)

    def letter(index: int) -> str:
        return column_letter(index + offset)

    def fail(problem: str, row: int | None = None, column: str | None = None) -> SourceFileError:
        return SourceFileError(path, problem, sheet=sheet, row=row, column=column)

    unit_index = next(
        (i for i, row in enumerate(rows) if row and _is_unit_row(row[0])),
        None,
    )
    if unit_index is None:
        raise fail("no unit row ('Đơn vị tính: ...') above the table")
    unit_text = normalise_label(str(rows[unit_index][0]).split(":", 1)[1])
    units = {normalise_label(printed): spec for printed, spec in contract["units"].items()}

    header_index, year_columns = _find_year_header(rows, unit_index + 1, fail, letter)
    if header_index is None:
        raise fail("no header row with years after the unit row", unit_index + 2)
    _check_other_header_cells(rows, header_index, year_columns, fail, letter)

    table_rows = {normalise_label(label): m for label, m in table.get("rows", {}).items()}
    if table.get("by_district"):  # the province's districts, by their names in the reference
        table_rows |= {
            normalise_label(name): {"geography": district}
            for name, district in district_names(info.province_code).items()
        }
    section_pattern = re.compile(contract["section_row_pattern"])
    missing_markers: dict[str, str] = contract["missing_markers"]
    records: list[dict[str, Any]] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        label = row[0] if row else None
        values = [row[c.index] if c.index < len(row) else None for c in year_columns]
        if not any(_filled(v) for v in values):
            continue  # a blank row, a group heading ("Phân theo ngành") or a footnote
        if not _filled(label):
            raise fail(
                f"a row with figures but no label in column {letter(0)}", excel_row, letter(0)
            )
        mapping = table_rows.get(normalise_label(label))
        if mapping is None and table.get("sections"):
            section = section_pattern.match(str(label).strip())
            if section:
                mapping = {"sector": section["section"]}
        if mapping is None:
            raise fail(
                f"row label {str(label)!r} is not in the contract for table {code}", excel_row
            )
        unit_label = unit_text
        if "ghi theo" in unit_text:
            in_label = UNIT_IN_LABEL.search(str(label))
            if not in_label:
                raise fail(f"row {str(label)!r} does not state its unit in parentheses", excel_row)
            unit_label = normalise_label(in_label["unit"])
        unit = units.get(unit_label)
        if unit is None:
            raise fail(f"unknown unit {unit_label!r}", excel_row)
        geography = mapping.get("geography", "PROVINCE")
        for column, value in zip(year_columns, values, strict=True):
            number, missing, problem = _cell_value(value, missing_markers, number_format)
            if problem:
                raise fail(f"{column.year}: {problem}", excel_row, letter(column.index))
            records.append(
                {
                    "edition": info.edition,
                    "province_code": info.province_code,
                    "geography_code": info.geography_code if geography == "PROVINCE" else geography,
                    "table_code": code,
                    "indicator": mapping.get("indicator", table.get("indicator")),
                    "sector_code": mapping.get("sector", "TOTAL"),
                    "price_basis": mapping.get("price_basis", table.get("price_basis", "none")),
                    "year": column.year,
                    "value": None if number is None else number * unit["factor"],
                    "unit": unit["unit"],
                    "is_preliminary": column.preliminary,
                    "is_estimated": column.estimated,
                    "missing_reason": missing,
                    "source_file": path.name,
                    "source_sha256": sha256,
                    "sheet": sheet,
                    "source_row": excel_row,
                    "source_column": column.index + offset + 1,
                    "loaded_at": loaded_at,
                }
            )
    if not records:
        raise fail("the table has no data rows")
    return pl.DataFrame(records, schema=CELL_SCHEMA)


def _find_year_header(
    rows: Sequence[Sequence[Any]], start: int, fail: Any, letter: Any
) -> tuple[int | None, list[YearColumn]]:
    """The header row: the first row (within 5 of the unit row) with year cells.

    Accepts "2024", 2024.0, "Sơ bộ 2024", "2024 (Sơ bộ)", "Ước tính 2025", and headers spread
    over merged cells, where the marker stands in the row above the year. Two columns for one
    year refuse the table.
    """
    contract = load_contract(CONTRACT)
    preliminary = normalise_label(contract["preliminary_marker"])
    estimates = sorted(
        (normalise_label(m) for m in contract["estimate_markers"]), key=len, reverse=True
    )
    for index in range(start, min(start + 5, len(rows))):
        above = rows[index - 1] if index > start else []
        columns: list[YearColumn] = []
        for col, cell in enumerate(rows[index]):
            if col == 0 or not _filled(cell):
                continue
            text = normalise_label(_header_text(cell))
            year = YEAR.search(text)
            if not year:
                continue
            cell_above = (
                normalise_label(_header_text(above[col]))
                if col < len(above) and _filled(above[col])
                else ""
            )
            rest = text.replace(year.group(), "")
            is_preliminary = preliminary in text or preliminary in cell_above
            rest = rest.replace(preliminary, "")
            is_estimated = False
            for marker in estimates:
                if marker in rest or marker in cell_above:
                    is_estimated = True
                    rest = rest.replace(marker, "")
            if re.fullmatch(r"[\s()*,.:-]*", rest) is None:
                known = ", ".join([contract["preliminary_marker"], *contract["estimate_markers"]])
                raise fail(
                    f"header {str(cell)!r} names the year {year.group()} with words the contract "
                    f"does not know (it knows: {known})",
                    index + 1,
                    letter(col),
                )
            columns.append(YearColumn(col, int(year.group()), is_preliminary, is_estimated))
        if columns:
            seen: dict[int, int] = {}
            for column in columns:
                if column.year in seen:
                    raise fail(
                        f"columns {letter(seen[column.year])} and "
                        f"{letter(column.index)} are both headed {column.year}: keep one",
                        index + 1,
                        letter(column.index),
                    )
                seen[column.year] = column.index
            return index, columns
    return None, []


def _check_other_header_cells(
    rows: Sequence[Sequence[Any]],
    header_index: int,
    years: list[YearColumn],
    fail: Any,
    letter: Any,
) -> None:
    """A column headed with something other than a year must hold no figures."""
    year_indexes = {c.index for c in years}
    header = rows[header_index]
    for col in range(1, max(len(r) for r in rows)):
        if col in year_indexes:
            continue
        filled = [
            i
            for i in range(header_index + 1, len(rows))
            if col < len(rows[i]) and _filled(rows[i][col])
        ]
        if filled:
            heading = header[col] if col < len(header) else None
            raise fail(
                f"column {letter(col)} (headed {heading!r}) holds figures but is not a "
                "year of the table",
                filled[0] + 1,
                letter(col),
            )


def _header_text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _cell_value(
    value: Any, missing_markers: dict[str, str], number_format: NumberFormat
) -> tuple[float | None, str | None, str | None]:
    """(number, missing reason, problem) of one cell."""
    if not _filled(value):
        return None, "not_available", None
    if isinstance(value, bool):
        return None, None, f"{value!r} is neither a number nor a missing marker ('-' or '..')"
    if isinstance(value, int | float):
        problem = native_number_problem(float(value))
        return (None, None, problem) if problem else (float(value), None, None)
    text = str(value).strip()
    if text in missing_markers:
        return None, missing_markers[text], None
    if not re.search(r"\d", text):
        return None, None, f"{text!r} is neither a number nor a missing marker ('-' or '..')"
    number, problem = parse_text_number(text, number_format)
    if problem and not re.fullmatch(r"[\d\s.,+-]+", text):
        problem = f"{text!r} is neither a number nor a missing marker ('-' or '..')"
    return number, None, problem
