"""One reader and one validator for every source delivered as tables with a header row.

The enterprise survey (CSV or workbook, one table per file) and the research registry (a
workbook with two sheets) are both read here, against their contracts
(``sources/contracts/*.yaml``, parsed by ``pipelines.ingest.contracts``):

1. **read** the file as text (CSV: Python's csv module checks the structure and counts the
   rows, Polars parses; workbook: python-calamine, which keeps numeric and date cells native),
   rows counted independently of the parser (CSV by the csv module, workbooks by fastexcel);
2. **map headers** to the contract's columns: an unknown column is reported, two columns for
   one field or a column with values but no header are refused, naming both or the cell;
3. **validate** every column at once with Polars expressions: numbers exactly in the file's
   declared format (``pipelines.ingest.numbers``), finite and plausible; codes by pattern and
   reference list; allowed values compared as a person reads them (NFC, case);
4. **protect**: identifiers are pseudonymised before any row can be quarantined, dropped
   fields never leave this module, published free text is screened, and no message quotes an
   identifier.

Every row that comes in leaves as exactly one loaded or one quarantined row; the count is
checked against the independent count, so a row the parser lost refuses the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from pipelines.ingest.contracts import (
    Column,
    Table,
    TabularContract,
    normalise_label,
    plausible_ranges,
)
from pipelines.ingest.errors import SourceFileError, column_letter
from pipelines.ingest.numbers import NumberFormat, parse_number_expr
from pipelines.ingest.privacy import FreeTextScreen
from pipelines.ingest.pseudonym import pseudonymise
from pipelines.ingest.text import utf8_text

NUMBER = "__number"  # suffix of the column holding a workbook cell's native number
DATE = "__date"  # ... and its native date
LINEAGE_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "source_sha256": pl.String(),
    "sheet": pl.String(),
    "source_row": pl.Int32(),
    "loaded_at": pl.Datetime("us", "UTC"),
}
WITHHELD_COLUMN = "text_withheld"


@dataclass
class Sheet:
    """One table as read: every cell as text, native numbers and dates beside them."""

    path: Path
    name: str | None  # None for a CSV
    extension: str
    headers: list[str | None]
    frame: pl.DataFrame  # column i as f"c{i}" (text) and, for workbooks, f"c{i}__number/date"
    rows_counted: int  # data rows counted from the file, independently of ``frame``

    def where(self) -> dict[str, Any]:
        return {"sheet": self.name}


@dataclass
class TableRead:
    """What one sheet gave: loaded rows, quarantined rows, and what was not taken."""

    table: str
    target_table: str
    sheet: str | None
    loaded: pl.DataFrame
    quarantined: pl.DataFrame
    rows_in: int
    notes: list[str] = field(default_factory=list)  # columns or sheets not taken, with why


# --- reading ---------------------------------------------------------------------------


def read_csv_sheet(path: Path) -> Sheet:
    """A CSV file as text, its structure checked and its rows counted by the csv module."""
    if path.stat().st_size == 0:
        raise SourceFileError(path, "the file is empty")
    # The file is streamed twice (the csv module's count, then Polars from the file itself),
    # never held as one Python string: a national survey year is hundreds of MB of text.
    with utf8_text(path) as text:
        header, rows_counted = _check_csv_structure(path, text)
    if rows_counted == 0:
        raise SourceFileError(path, "the file has a header but no data rows")
    try:
        frame = pl.read_csv(path, infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError:
        # The library's message quotes the line it could not parse: never pass it on.
        raise SourceFileError(
            path, "not a readable CSV file (the csv module read it, Polars did not)"
        ) from None
    frame = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    frame = frame.with_row_index("source_row", offset=2).with_columns(
        pl.col("source_row").cast(pl.Int32)
    )
    return Sheet(path, None, "csv", header, _drop_blank_rows(frame), rows_counted)


def _check_csv_structure(path: Path, text: TextIO) -> tuple[list[str | None], int]:
    """The header and the number of non-blank data rows; refuses a ragged or unclosed file."""
    reader = csv.reader(text, strict=True)
    header: list[str | None] | None = None
    rows = 0
    record = 0
    last_line = 0
    try:
        for fields in reader:
            record += 1
            if header is None:
                if not fields:
                    raise SourceFileError(
                        path, "the first row is blank: it must hold the headers", row=1
                    )
                header = [f if f.strip() else None for f in fields]
            elif any(f.strip() for f in fields):
                rows += 1
                if len(fields) != len(header):
                    unclosed = any("\n" in f for f in fields)
                    raise SourceFileError(
                        path,
                        f"this row has {len(fields)} values but the header has {len(header)}"
                        + (
                            ": a '\"' that is never closed runs the lines after it together"
                            if unclosed
                            else ""
                        ),
                        row=record,
                    )
            last_line = reader.line_num
    except csv.Error:
        raise SourceFileError(
            path,
            f"a quoted value that starts on line {last_line + 1} is never closed "
            "(a '\"' without its closing '\"')",
            row=record + 1,
        ) from None
    if header is None:
        raise SourceFileError(path, "the file is empty")
    return header, rows


def read_workbook_sheets(path: Path) -> dict[str, Sheet]:
    """Every sheet of a workbook, with native numbers and dates kept beside their text."""
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        grids = {n: workbook.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in names}
        workbook.close()
    except Exception:
        raise SourceFileError(
            path, "not a readable .xlsx workbook (damaged, truncated or not a workbook)"
        ) from None
    counts = _count_workbook_rows(path, names)
    sheets: dict[str, Sheet] = {}
    for name, grid in grids.items():
        if not any(_filled(c) for row in grid for c in row):
            sheets[name] = Sheet(path, name, "xlsx", [], pl.DataFrame(), 0)
            continue
        header = [None if not _filled(c) else str(c).strip() for c in grid[0]]
        sheets[name] = Sheet(
            path, name, "xlsx", header, _grid_frame(grid[1:], len(header)), counts[name]
        )
    formulas = formulas_without_values(path)
    for sheet, cell in formulas:
        raise SourceFileError(
            path,
            f"cell {cell} holds a formula with no saved value: open the workbook in Excel or "
            "LibreOffice, let it calculate, save, and deliver it again",
            sheet=sheet,
        )
    return sheets


def _filled(cell: Any) -> bool:
    return cell is not None and not (isinstance(cell, str) and cell.strip() == "")


def _grid_frame(rows: list[list[Any]], width: int) -> pl.DataFrame:
    columns: dict[str, list[Any]] = {}
    for i in range(max(width, max((len(r) for r in rows), default=0))):
        texts: list[str | None] = []
        numbers: list[float | None] = []
        dates: list[date | None] = []
        for row in rows:
            cell = row[i] if i < len(row) else None
            texts.append(_cell_text(cell))
            numbers.append(
                float(cell)
                if isinstance(cell, int | float) and not isinstance(cell, bool)
                else None
            )
            dates.append(
                cell.date()
                if isinstance(cell, datetime)
                else cell
                if isinstance(cell, date)
                else None
            )
        columns[f"c{i}"] = texts
        columns[f"c{i}{NUMBER}"] = numbers
        columns[f"c{i}{DATE}"] = dates
    schema: dict[str, pl.DataType] = {}
    for name in columns:
        schema[name] = (
            pl.Float64()
            if name.endswith(NUMBER)
            else pl.Date()
            if name.endswith(DATE)
            else pl.String()
        )
    frame = pl.DataFrame(columns, schema=schema)
    frame = frame.with_row_index("source_row", offset=2).with_columns(
        pl.col("source_row").cast(pl.Int32)
    )
    return _drop_blank_rows(frame)


def _cell_text(cell: Any) -> str | None:
    if not _filled(cell):
        return None
    if isinstance(cell, bool):
        return str(cell).upper()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:
        return str(int(cell))  # a code typed as a number (1634245041.0) reads as 1634245041
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip()


def _drop_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    texts = [c for c in frame.columns if c.startswith("c") and not c.endswith((NUMBER, DATE))]
    if not texts:
        return frame
    filled = pl.any_horizontal(pl.col(c).str.strip_chars().fill_null("") != "" for c in texts)
    return frame.filter(filled)


def _count_workbook_rows(path: Path, names: list[str]) -> dict[str, int]:
    """Non-blank rows after the header, per sheet, counted by fastexcel (not the parser)."""
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    counts: dict[str, int] = {}
    for name in names:
        try:
            sheet = reader.load_sheet(name, header_row=None, dtypes="string").to_polars()
        except Exception:  # an empty sheet
            counts[name] = 0
            continue
        if sheet.width == 0:
            counts[name] = 0
            continue
        filled = sheet.select(
            pl.any_horizontal(
                pl.col(c).str.strip_chars().fill_null("") != "" for c in sheet.columns
            )
        ).to_series()
        counts[name] = max(int(filled.sum()) - 1, 0)  # the first non-blank row is the header
    return counts


_FORMULA_CELL = re.compile(rb"<c\b([^>]*)>((?:(?!</c>).)*?)</c>", re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')
# a cell's saved value with something in it
_SAVED_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]+</v>")


def formulas_without_values(path: Path) -> Iterator[tuple[str, str]]:
    """(sheet, cell) of every formula that was never calculated (no saved value to read)."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        sheet_names: dict[str, str] = {}
        if "xl/workbook.xml" in names and "xl/_rels/workbook.xml.rels" in names:
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
            rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
            targets = {
                r.get("Id"): r.get("Target", "").lstrip("/").removeprefix("xl/")
                for r in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            }
            for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iterfind(
                "m:sheets/m:sheet", ns
            ):
                sheet_names[f"xl/{targets.get(sheet.get(rel), '')}"] = sheet.get("name", "")
        for part in names:
            if not part.startswith("xl/worksheets/") or not part.endswith(".xml"):
                continue
            data = archive.read(part)
            if b"<f" not in data:
                continue
            for match in _FORMULA_CELL.finditer(data):
                body = match.group(2)
                # no saved value: no <v>, or an empty one (<v></v>, <v/>), as openpyxl writes
                # an uncalculated formula when lxml is installed
                if (
                    (b"<f>" in body or b"<f " in body)
                    and not _SAVED_VALUE.search(body)
                    and b"<is>" not in body
                ):
                    ref = _CELL_REF.search(match.group(1))
                    yield sheet_names.get(part, part), ref.group(1).decode() if ref else "?"


# --- headers ---------------------------------------------------------------------------


def resolve_headers(
    path: Path,
    sheet_name: str | None,
    headers: Sequence[str | None],
    table: Table,
    first_value_row: Callable[[int], int | None],
) -> tuple[dict[str, int], list[str]]:
    """{contract column: sheet column index} for a sheet's row-1 headers, and notes.

    Refuses two columns for one field, a column with values but no header
    (``first_value_row(index)`` gives the row of its first value, None when it has none), and
    missing required columns; notes the columns not in the contract. The one home of these
    rules: the refresh (``map_headers``) and the benchmark's DuckDB floor both call it.
    """
    aliases = table.alias_map()
    taken: dict[str, int] = {}
    notes: list[str] = []
    unknown: list[str] = []
    for index, header in enumerate(headers):
        letter = column_letter(index)
        if header is None:
            first = first_value_row(index)
            if first is not None:
                raise SourceFileError(
                    path,
                    f"column {letter} has values (the first in row {first}) but no header in row 1",
                    sheet=sheet_name,
                    row=1,
                    column=letter,
                )
            continue
        name = aliases.get(normalise_label(header))
        if name is None:
            unknown.append(header)
            notes.append(f"column {letter} {header!r} is not in the contract: not loaded")
            continue
        if name in taken:
            first_index = taken[name]
            raise SourceFileError(
                path,
                f"columns {column_letter(first_index)} {headers[first_index]!r} and {letter} "
                f"{header!r} both give {name}: keep one of them",
                sheet=sheet_name,
                row=1,
                column=letter,
            )
        taken[name] = index
    missing = [n for n, c in table.columns.items() if c.required and n not in taken]
    if missing:
        expected = ", ".join(f"{n} ({' / '.join(table.columns[n].aliases)})" for n in missing)
        extra = f"; unrecognised headers: {', '.join(map(repr, unknown))}" if unknown else ""
        raise SourceFileError(path, f"missing columns: {expected}{extra}", sheet=sheet_name, row=1)
    return taken, notes


def map_headers(sheet: Sheet, table: Table) -> tuple[pl.DataFrame, list[str]]:
    """The sheet's columns renamed to the contract's (text, and native where read).

    Returns the frame and notes on columns not taken. Refuses two columns for one field, a
    column with values but no header, and missing required columns (``resolve_headers``).
    """

    def first_value_row(index: int) -> int | None:
        column = f"c{index}"
        if column not in sheet.frame.columns:
            return None
        rows = sheet.frame.filter(pl.col(column).is_not_null())["source_row"]
        return int(rows[0]) if rows.len() else None

    taken, notes = resolve_headers(sheet.path, sheet.name, sheet.headers, table, first_value_row)
    selected: list[pl.Expr] = [pl.col("source_row")]
    for name in table.columns:
        if name in taken:
            index = taken[name]
            selected.append(pl.col(f"c{index}").str.strip_chars().replace("", None).alias(name))
            for suffix, dtype in ((NUMBER, pl.Float64()), (DATE, pl.Date())):
                source = f"c{index}{suffix}"
                selected.append(
                    (
                        pl.col(source) if source in sheet.frame.columns else pl.lit(None, dtype)
                    ).alias(name + suffix)
                )
        else:
            selected += [
                pl.lit(None, pl.String).alias(name),
                pl.lit(None, pl.Float64).alias(name + NUMBER),
                pl.lit(None, pl.Date).alias(name + DATE),
            ]
    frame = sheet.frame.select(selected) if sheet.frame.width else pl.DataFrame()
    return frame, notes


# --- validation ------------------------------------------------------------------------


def normalised(text: pl.Expr) -> pl.Expr:
    """``normalise_label`` as a Polars expression: NFC, one space, no edges, lower case."""
    return (
        text.str.normalize("NFC")
        .str.replace_all("\u00a0", " ", literal=True)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
    )


def _at(name: str) -> pl.Expr:
    return pl.concat_str(
        [pl.lit(f"{name} at row "), pl.col("source_row").cast(pl.String), pl.lit(": ")]
    )


def _problem(name: str, text: pl.Expr | str) -> pl.Expr:
    return pl.concat_str([_at(name), text if isinstance(text, pl.Expr) else pl.lit(text)])


def _quoted(expr: pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit("'"), expr, pl.lit("'")])


def _describe_identifier(text: pl.Expr) -> pl.Expr:
    """'13 digits' / '12 characters, 10 of them digits': an identifier without quoting it."""
    digits = text.str.count_matches(r"\d")
    length = text.str.len_chars()
    return (
        pl.when(digits == length)
        .then(pl.concat_str([digits.cast(pl.String), pl.lit(" digits")]))
        .otherwise(
            pl.concat_str(
                [
                    length.cast(pl.String),
                    pl.lit(" characters, "),
                    digits.cast(pl.String),
                    pl.lit(" of them digits"),
                ]
            )
        )
    )


@dataclass
class _Rules:
    """The problems a column can have and its typed value, as Polars expressions."""

    problems: Sequence[pl.Expr]
    typed: pl.Expr


def _says(name: str, shown: pl.Expr, text: str) -> pl.Expr:
    return _problem(name, pl.concat_str([shown, pl.lit(text)]))


def _number_rules(name: str, spec: Column, number_format: NumberFormat, shown: pl.Expr) -> _Rules:
    text, number = pl.col(name), pl.col(name + NUMBER)
    parsed, text_problem = parse_number_expr(text, number_format)
    value = pl.when(number.is_not_null()).then(number).otherwise(parsed)
    problems = [
        pl.when(number.is_not_null() & ~number.is_finite()).then(
            _problem(name, "the cell is not a finite number")
        ),
        pl.when(number.is_null() & text.is_not_null()).then(_problem(name, text_problem)),
    ]
    if spec.type == "int":
        problems.append(
            pl.when(value.is_finite() & (value != value.round(0))).then(
                _says(name, shown, " is not a whole number")
            )
        )
    if spec.plausible:
        low, high, unit = plausible_ranges()[spec.plausible]
        problems.append(
            pl.when(value.is_finite() & ((value < low) | (value > high))).then(
                _says(
                    name,
                    value.map_elements(lambda v: f"{v:,.10g}", return_dtype=pl.String),
                    f" is outside the plausible range {low:,.0f} to {high:,.0f} {unit} "
                    f"({spec.plausible} in models/seeds/plausible_ranges.csv)",
                )
            )
        )
    typed = value.cast(pl.Int64, strict=False) if spec.type == "int" else value
    return _Rules(problems, typed)


def _date_rules(name: str, date_format: str, shown: pl.Expr) -> _Rules:
    text, number, native = pl.col(name), pl.col(name + NUMBER), pl.col(name + DATE)
    parsed = text.str.strptime(pl.Date, date_format, strict=False)
    written = date_format.replace("%d", "dd").replace("%m", "mm").replace("%Y", "yyyy")
    problem = (
        pl.when(native.is_null() & number.is_not_null())
        .then(_says(name, shown, " is a number, not a date: format the cell as a date"))
        .when(native.is_null() & text.is_not_null() & parsed.is_null())
        .then(_says(name, shown, f" is not a date written {written}"))
    )
    return _Rules([problem], pl.when(native.is_not_null()).then(native).otherwise(parsed))


def _list_rules(name: str, spec: Column) -> _Rules:
    canonical = {normalise_label(v): str(v) for v in (spec.allowed or [])}
    items = (
        pl.col(name)
        .str.split(spec.separator or ";")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
    )
    bad = items.list.eval(pl.element().filter(~normalised(pl.element()).is_in(list(canonical))))
    problem = pl.when(bad.list.len() > 0).then(
        _says(name, _quoted(bad.list.join(";")), " is not an allowed value")
    )
    typed = (
        items.list.eval(normalised(pl.element()).replace_strict(canonical, default=None))
        .list.drop_nulls()
        .list.sort()
        .list.join(";")
    )
    return _Rules([problem], typed)


def _text_rules(
    name: str, spec: Column, contract: TabularContract, shown: pl.Expr, as_of: date | None
) -> _Rules:
    text = pl.col(name)
    present = text.is_not_null()
    problems: list[pl.Expr] = []
    if spec.pattern:
        expected = spec.pattern_description or f"the pattern {spec.pattern}"
        problems.append(
            pl.when(present & ~text.str.contains(spec.pattern)).then(
                _says(name, shown, f", expected {expected}")
            )
        )
    if spec.reference:
        problems += _reference_problems(name, spec, contract, shown, as_of)
    if spec.allowed is None:
        return _Rules(problems, text)
    allowed = spec.allowed if isinstance(spec.allowed, dict) else {v: v for v in spec.allowed}
    by_label = {normalise_label(k): v for k, v in allowed.items()}
    label = normalised(text)
    problems.append(
        pl.when(present & ~label.is_in(list(by_label))).then(
            _says(name, shown, " is not one of " + ", ".join(repr(k) for k in allowed))
        )
    )
    return _Rules(problems, label.replace_strict(by_label, default=None))


def validate(
    frame: pl.DataFrame,
    table: Table,
    contract: TabularContract,
    number_format: NumberFormat,
    key: bytes,
    screen: FreeTextScreen,
    as_of: date | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(loaded, quarantined) rows of one mapped sheet; lineage is added by the caller.

    ``as_of`` is the date the file's codes refer to (the end of a survey year): a code list
    with validity dates is checked as it stood on that day.
    """
    problems: list[pl.Expr] = []
    typed: list[pl.Expr] = []
    for name, spec in table.columns.items():
        text = pl.col(name)
        shown = _describe_identifier(text) if spec.identifier else _quoted(text)
        if spec.type in ("int", "float"):
            rules = _number_rules(name, spec, number_format, shown)
        elif spec.type == "date":
            rules = _date_rules(name, contract.date_format, shown)
        elif spec.type == "list":
            rules = _list_rules(name, spec)
        else:
            rules = _text_rules(name, spec, contract, shown, as_of)
        problems += rules.problems
        typed.append(rules.typed.alias(name))
        if spec.required and spec.type != "list":
            missing = (
                text.is_null() & pl.col(name + NUMBER).is_null() & pl.col(name + DATE).is_null()
            )
            problems.append(pl.when(missing).then(_problem(name, "missing")))

    reasons = pl.concat_str(problems, separator="; ", ignore_nulls=True)
    checked = frame.with_columns(
        pl.when(reasons == "").then(None).otherwise(reasons).alias("quarantine_reason")
    )
    checked = _mark_duplicates(checked, table)

    dropped = [n for n, c in table.columns.items() if c.confidential == "drop"]
    pseudonymised = {n: c for n, c in table.columns.items() if c.confidential == "pseudonymise"}
    free_text = [n for n, c in table.columns.items() if c.free_text]

    # Pseudonyms first, before any row is split off: no branch ever sees a raw identifier.
    checked = checked.with_columns(
        pl.col(n)
        .map_elements(lambda v: pseudonymise(v, key), return_dtype=pl.String)
        .alias(f"{n}__pseudonym")
        for n in pseudonymised
    )
    good = checked.filter(pl.col("quarantine_reason").is_null())
    bad = checked.filter(pl.col("quarantine_reason").is_not_null())

    loaded = good.with_columns(typed)
    for name, spec in pseudonymised.items():
        keep_raw = pl.lit(value=False)
        for column, value in (spec.pseudonymise_when or {}).items():
            keep_raw = keep_raw | (pl.col(column) != value)
        if not spec.pseudonymise_when:
            keep_raw = pl.lit(value=False)
        loaded = loaded.with_columns(
            pl.when(keep_raw)
            .then(pl.col(name))
            .otherwise(pl.col(f"{name}__pseudonym"))
            .alias(spec.rename_to or name)
        )
    kept = [n for n in table.columns if n not in dropped]
    loaded_columns = [(table.columns[n].rename_to or n) for n in kept]
    loaded = _screen(loaded, free_text, screen).select(
        *loaded_columns, *([WITHHELD_COLUMN] if free_text else []), "source_row"
    )

    quarantined = bad.with_columns(
        pl.col(f"{n}__pseudonym").alias(table.columns[n].rename_to or n) for n in pseudonymised
    )
    text_columns = [
        c
        for c in loaded_columns
        if c not in {table.columns[n].rename_to or n for n in pseudonymised}
    ]

    # A quarantined row is kept as delivered, so a name or phone typed into the wrong column
    # would be kept too: every text of it, and its reason, is screened like free text.
    def screened(text: str) -> str:
        return screen.screen(text)[0] or ""

    quarantined = (
        _screen(quarantined, free_text, screen)
        .with_columns(
            each_value(pl.col(c), screened, pl.String())
            for c in [*text_columns, "quarantine_reason"]
        )
        .select(
            *[pl.col(c).cast(pl.String) for c in loaded_columns],
            *([WITHHELD_COLUMN] if free_text else []),
            "source_row",
            "quarantine_reason",
        )
    )
    return loaded, quarantined


def each_value(column: pl.Expr, function: Callable[[Any], Any], dtype: pl.DataType) -> pl.Expr:
    """``function`` of every non-null value of ``column`` (a null stays null).

    Not ``map_elements``: Polars keeps the last 64 functions it was given (to suggest native
    expressions for them), and with them everything they hold. A function that holds a year's
    name screen (a million names) kept every year's alive: 350 MiB more per national survey
    year read, 3 GiB by the ninth.
    """

    def apply(values: pl.Series) -> pl.Series:
        out = [None if v is None else function(v) for v in values.to_list()]
        return pl.Series(values.name, out, dtype=dtype)

    return column.map_batches(apply, return_dtype=dtype)


def _screen(frame: pl.DataFrame, columns: list[str], screen: FreeTextScreen) -> pl.DataFrame:
    if not columns:
        return frame
    withheld = pl.lit(value=False)
    out = frame
    for name in columns:
        screened = each_value(
            pl.col(name),
            lambda v: dict(zip(("text", "withheld"), screen.screen(v), strict=True)),
            pl.Struct({"text": pl.String, "withheld": pl.Boolean}),
        )
        out = out.with_columns(screened.alias(f"{name}__screened"))
        withheld = withheld | pl.col(f"{name}__screened").struct.field("withheld").fill_null(
            value=False
        )
        out = out.with_columns(pl.col(f"{name}__screened").struct.field("text").alias(name))
    out = out.with_columns(withheld.alias(WITHHELD_COLUMN))
    return out.drop([f"{n}__screened" for n in columns])


def _mark_duplicates(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """A second valid row with the same key is quarantined, naming the row it repeats."""
    key = [normalised(pl.col(k)) for k in table.key]
    valid = pl.col("quarantine_reason").is_null() & pl.all_horizontal(
        pl.col(k).is_not_null() for k in table.key
    )
    ranked = frame.with_columns(pl.when(valid).then(pl.struct(key)).alias("__key")).with_columns(
        pl.col("source_row").min().over("__key").alias("__first"),
        pl.int_range(pl.len()).over("__key").alias("__copy"),
    )
    duplicate = pl.col("__key").is_not_null() & (pl.col("__copy") > 0)
    return ranked.with_columns(
        pl.when(duplicate)
        .then(
            pl.concat_str(
                [
                    pl.lit(f"{table.duplicate_key_reason}: {', '.join(table.key)} at row "),
                    pl.col("source_row").cast(pl.String),
                    pl.lit(" repeats row "),
                    pl.col("__first").cast(pl.String),
                ]
            )
        )
        .otherwise(pl.col("quarantine_reason"))
        .alias("quarantine_reason")
    ).drop("__key", "__first", "__copy")


def _reference_problems(
    name: str, spec: Column, contract: TabularContract, shown: pl.Expr, as_of: date | None
) -> list[pl.Expr]:
    """The code must be in its reference list (valid on ``as_of`` when the list has dates)
    and, with ``parent_column`` given in the row, lie in that parent."""
    assert spec.reference is not None
    reference = contract.reference(spec.reference)
    codes = reference.codes(as_of)
    column = pl.col(name)
    well_formed = column.is_not_null() & column.str.contains(spec.pattern or ".*")
    when = f" on {as_of:%d/%m/%Y}" if as_of and reference.valid_from else ""
    problems: list[pl.Expr] = [
        pl.when(well_formed & ~column.is_in(list(codes))).then(
            _problem(
                name,
                pl.concat_str(
                    [
                        shown,
                        pl.lit(f" is not {reference.name}{when} ({reference.describe_files()})"),
                    ]
                ),
            )
        )
    ]
    if spec.parent_column:
        parent = column.replace_strict(codes, default=None, return_dtype=pl.String)
        given = pl.col(spec.parent_column)
        problems.append(
            pl.when(
                well_formed & column.is_in(list(codes)) & given.is_not_null() & (parent != given)
            ).then(
                _problem(
                    name,
                    pl.concat_str(
                        [
                            shown,
                            pl.lit(" lies in '"),
                            parent,
                            pl.lit(f"', not in {spec.parent_column} '"),
                            given,
                            pl.lit("'"),
                        ]
                    ),
                )
            )
        )
    return problems


# --- one sheet, end to end -------------------------------------------------------------


def read_table(
    sheet: Sheet,
    table_name: str,
    contract: TabularContract,
    key: bytes,
    screen: FreeTextScreen,
    lineage: dict[str, Any],
) -> TableRead:
    """Map, validate and protect one sheet; rows in = loaded + quarantined, or refuse.

    The sheet's frame is consumed: it is empty once its columns are mapped.
    """
    table = contract.tables[table_name]
    frame, notes = map_headers(sheet, table)
    # The sheet's text is not read again (its names were taken for the screen before): let it
    # go, so that a national survey year is held once while it is validated, not twice.
    sheet.frame = sheet.frame.clear()
    if frame.height == 0:
        raise SourceFileError(
            sheet.path, "the file has a header but no data rows", sheet=sheet.name
        )
    number_format = contract.number_format[sheet.extension].format()  # type: ignore[index]
    loaded, quarantined = validate(
        frame, table, contract, number_format, key, screen, lineage.get("as_of")
    )
    lineage_columns = [
        pl.lit(value, dtype).alias(name)
        for name, (value, dtype) in {
            "source_file": (sheet.path.name, pl.String()),
            "source_sha256": (lineage["source_sha256"], pl.String()),
            "sheet": (sheet.name, pl.String()),
            "loaded_at": (lineage["loaded_at"], pl.Datetime("us", "UTC")),
        }.items()
    ]
    extra = lineage.get("columns", [])
    loaded = loaded.with_columns(*extra, *lineage_columns).select(
        *[c.meta.output_name() for c in extra],
        *[c for c in loaded.columns if c != "source_row"],
        *[c.meta.output_name() for c in lineage_columns if c.meta.output_name() != "loaded_at"],
        "source_row",
        "loaded_at",
    )
    quarantined = quarantined.with_columns(*extra, *lineage_columns)
    if loaded.height + quarantined.height != sheet.rows_counted:
        raise SourceFileError(
            sheet.path,
            f"the file has {sheet.rows_counted} data rows but {loaded.height + quarantined.height} "
            "were read: nothing is loaded rather than lose a row",
            sheet=sheet.name,
        )
    return TableRead(
        table=table_name,
        target_table=table.target_table,
        sheet=sheet.name,
        loaded=loaded,
        quarantined=quarantined,
        rows_in=sheet.rows_counted,
        notes=notes,
    )


def names_to_screen(sheets: list[tuple[Sheet, Table]]) -> FreeTextScreen:
    """The values of every ``screen_names`` column of a file: withheld from its free text."""
    names: list[object] = []
    for sheet, table in sheets:
        aliases = table.alias_map()
        for index, header in enumerate(sheet.headers):
            name = aliases.get(normalise_label(header)) if header else None
            if name and table.columns[name].screen_names and f"c{index}" in sheet.frame.columns:
                names += sheet.frame[f"c{index}"].drop_nulls().to_list()
    return FreeTextScreen.of(names)
