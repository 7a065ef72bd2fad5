"""Read tables downloaded from the statistics office's online database (PX-Web) as they come.

PX-Web (pxweb.nso.gov.vn, formerly gso.gov.vn) exports a table as `.xlsx`, `;`-separated CSV,
JSON-stat or PC-Axis `.px`; every format lands in the same long form as the yearbook's cells,
with lineage (file, sha256, row and column), the table code and the vintage of the download.
Which tables exist, how their labels map to the database's codes, which items are measures
and which are derived (a "Structure (%)" column), and the unit a file omits (E02.45 is in
thousand persons and does not say so) are declared in the contract
(`sources/contracts/statistics_office_pxweb.yaml`): a new table of the same family is a
contract entry, not code.

Why our own readers rather than pyjstat and pyaxis: pyjstat has had no commit since 2023 and
drops JSON-stat's `status`; pyaxis is a beta released only as a source archive, depends on
pyjstat and requests, and configures the root logger when imported. JSON-stat and PC-Axis are
small, documented formats; the readers below are tested on the office's real exports and a
hand-written PC-Axis file.

Quirks of the real exports, all handled here: a UTF-8 byte-order mark, CRLF line ends, a
quoted title line then a blank line before the header, heading columns that combine an item
and a year ("Total (Bill.dongs) 2005", "Structure (%) Prel. 2016"), year headers "Prel. 2024"
and "Pre.2016", labels with two spaces ("Kien  Giang") or a leading space (" WHOLE COUNTRY"),
and a JSON-stat export that ends with a NUL byte after the JSON.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.contracts import REFERENCE_DIR, load_contract, normalise_label
from pipelines.ingest.errors import SourceFileError, column_letter
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.numbers import NumberFormat, parse_text_number
from pipelines.ingest.text import check_utf8
from pipelines.lib.load_report import DECLARED_NOT_LOADED

CONTRACT = "statistics_office_pxweb"

CELL_SCHEMA = pl.Schema(
    {
        "vintage": pl.Date(),
        "table_code": pl.String(),
        "indicator": pl.String(),
        "geography_code": pl.String(),
        "sector_code": pl.String(),
        "price_basis": pl.String(),
        "year": pl.Int32(),
        "value": pl.Float64(),
        "unit": pl.String(),
        "is_preliminary": pl.Boolean(),
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

YEAR_LABEL = re.compile(r"(?P<marker>[^\d]*?)\s*(?P<year>(?:19|20)\d{2})\s*$")


@dataclass
class Observation:
    """One cell of an export: its dimension labels as printed, its value, where it stands."""

    labels: dict[str, str]  # dimension name -> label
    value: Any  # a native number, a text as printed, or None
    row: int | None
    column: int | None


@dataclass
class Export:
    path: Path
    table_code: str
    sheet: str | None
    observations: list[Observation]
    cells_counted: int  # counted from the file by a second pass, independently of the mapping


@dataclass
class PxWebRead:
    cells: pl.DataFrame
    quarantined: pl.DataFrame
    rows_in: int
    rows_derived: int
    table_code: str
    sheet: str | None
    notes: list[str] = field(default_factory=list)


# --- the contract ----------------------------------------------------------------------


def contract() -> dict[str, Any]:
    return load_contract(CONTRACT)


@cache
def _labels(kind: str) -> dict[str, str]:
    """{normalised label as printed: code} of a label list (sources/reference/)."""
    spec = contract()["labels"][kind]
    with (REFERENCE_DIR / spec["file"]).open(encoding="utf-8", newline="") as handle:
        return {
            normalise_label(r[spec["key"]]): r[spec["code"]]
            for r in csv.DictReader(handle)
            if r[spec["code"]]
        }


def table_for_title(title: str) -> str | None:
    wanted = normalise_label(title)
    for code, spec in contract()["tables"].items():
        if (
            any(wanted.startswith(normalise_label(t)) for t in spec["titles"])
            or normalise_label(code) == wanted
        ):
            return str(code)
    return None


def parse_file_name(path: Path) -> tuple[date, str]:
    match = re.match(contract()["file_name_pattern"], path.name)
    if not match:
        raise SourceFileError(path, f"file name does not follow {contract()['file_name_example']}")
    try:
        vintage = date.fromisoformat(match["vintage"])
    except ValueError:
        raise SourceFileError(
            path, f"{match['vintage']} in the name is not a date (YYYY-MM-DD)"
        ) from None
    return vintage, match["extension"]


# --- the four formats ------------------------------------------------------------------


def _split_heading(text: str) -> tuple[str, str]:
    """'Total (Bill.dongs) Prel. 2016' -> ('Total (Bill.dongs)', 'Prel. 2016')."""
    markers = sorted(contract()["preliminary_markers"], key=len, reverse=True)
    stripped = text.strip()
    for marker in markers:
        found = re.search(rf"\s*{re.escape(marker)}\s*((?:19|20)\d{{2}})\s*$", stripped)
        if found:
            return stripped[: found.start()].strip(), stripped[found.start() :].strip()
    found = re.search(r"\s*((?:19|20)\d{2})\s*$", stripped)
    if not found:
        return stripped, ""
    return stripped[: found.start()].strip(), found.group(1)


def _grid_export(path: Path, rows: list[list[Any]], sheet: str | None) -> Export:
    """A CSV or xlsx export: a title, a header row of (item and) year labels, labelled rows."""
    title = next((str(c) for r in rows[:3] for c in r if c not in (None, "")), "")
    code = (sheet and table_for_title(sheet)) or table_for_title(title)
    if code is None:
        raise SourceFileError(
            path,
            f"the table {title!r} is not in the contract (sources/contracts/{CONTRACT}.yaml): add "
            "it there to load it",
            sheet=sheet,
        )
    spec = contract()["tables"][code]
    header_index = next(
        (
            i
            for i, r in enumerate(rows)
            if sum(1 for c in r[1:] if c not in (None, "") and _split_heading(str(c))[1]) >= 1
        ),
        None,
    )
    if header_index is None:
        raise SourceFileError(path, "no header row of years", sheet=sheet)
    header = rows[header_index]
    # the labelled rows are areas or economic activities, whatever the stub column is headed
    row_dimension = spec["dimensions"].get("geography") or spec["dimensions"]["activity"]
    columns: list[tuple[int, str, str]] = []
    for index, cell in enumerate(header[1:], start=1):
        if cell in (None, ""):
            continue
        item, year = _split_heading(str(cell))
        if not year:
            raise SourceFileError(
                path,
                f"column {column_letter(index)} {str(cell)!r} names no year",
                sheet=sheet,
                row=header_index + 1,
            )
        columns.append((index, item, year))
    observations: list[Observation] = []
    counted = 0
    for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        label = row[0] if row else None
        if label in (None, "") and all(c in (None, "") for c in row):
            continue  # a blank line (the exports end with one or two)
        for index, item, year in columns:
            value = row[index] if index < len(row) else None
            counted += 1
            dims = {row_dimension: str(label), spec["dimensions"]["year"]: year}
            if "item" in spec["dimensions"]:
                dims[spec["dimensions"]["item"]] = item
            observations.append(
                Observation(dims, None if value == "" else value, number, index + 1)
            )
    return Export(path, code, sheet, observations, counted)


def read_csv_export(path: Path) -> Export:
    text = check_utf8(path)
    try:
        rows = [
            list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
        ]
    except csv.Error:
        raise SourceFileError(path, "a quoted value is never closed") from None
    return _grid_export(path, rows, None)


def read_xlsx_export(path: Path) -> list[Export]:
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        grids = {
            n: workbook.get_sheet_by_name(n).to_python(skip_empty_area=False)
            for n in workbook.sheet_names
        }
        workbook.close()
    except Exception:
        raise SourceFileError(
            path, "not a readable .xlsx workbook (damaged, truncated or not a workbook)"
        ) from None
    return [
        _grid_export(path, grid, name)
        for name, grid in grids.items()
        if any(c not in (None, "") for r in grid for c in r)
    ]


def read_jsonstat_export(path: Path) -> list[Export]:
    """JSON-stat 2.0 datasets, and the 1.x bundles PX-Web exported ({"dataset": {...}})."""
    data = path.read_bytes().rstrip(b"\x00 \r\n\t")  # one real export ends with a NUL byte
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise SourceFileError(path, "not a readable JSON-stat file (not UTF-8 JSON)") from None
    if document.get("class") == "dataset" or "version" in document:
        datasets = {"dataset": document}
    elif document.get("class") == "bundle":
        datasets = {k: v for k, v in document.items() if isinstance(v, dict) and "dimension" in v}
    else:
        datasets = {k: v for k, v in document.items() if isinstance(v, dict) and "dimension" in v}
    if not datasets:
        raise SourceFileError(path, "no JSON-stat dataset in the file")
    exports = []
    for name, dataset in datasets.items():
        code = table_for_title(str(dataset.get("label", name)))
        if code is None:
            raise SourceFileError(
                path, f"the table {dataset.get('label', name)!r} is not in the contract"
            )
        dimension = dataset["dimension"]
        ids = dataset.get("id") or dimension.get("id")
        sizes = dataset.get("size") or dimension.get("size")
        categories = []
        for dim in ids:
            category = dimension[dim]["category"]
            index = category.get("index")
            labels = category.get("label", {})
            if index is None:
                order = list(labels)
            elif isinstance(index, list):
                order = index
            else:
                order = sorted(index, key=lambda key: index[key])
            categories.append([labels.get(key, key) for key in order])
        values = dataset["value"]
        total = math.prod(sizes)
        cells = values if isinstance(values, list) else [values.get(str(i)) for i in range(total)]
        if len(cells) != total:
            raise SourceFileError(path, f"{len(cells)} values for a table of {total} cells")
        observations = []
        for position, value in enumerate(cells):
            labels, rest = {}, position
            for dim, size, names in zip(
                reversed(ids), reversed(sizes), reversed(categories), strict=True
            ):
                rest, at = divmod(rest, size)
                labels[dim] = names[at]
            observations.append(Observation(labels, value, position + 1, None))
        exports.append(Export(path, code, None, observations, total))
    return exports


def read_px_export(path: Path) -> Export:
    """PC-Axis: KEYWORD("subkey")=values; statements, then DATA= in row-major order of the
    STUB dimensions followed by the HEADING dimensions."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # PX files are often "ANSI"
    head, _, data = text.partition("DATA=")
    if not data:
        raise SourceFileError(path, "no DATA= section: not a PC-Axis file")
    meta: dict[tuple[str, str | None], list[str]] = {}
    for statement in re.findall(r'((?:[^;"]|"[^"]*")+);', head):
        match = re.match(
            r'\s*([A-Z-]+)(?:\[[\w-]+\])?(?:\("([^"]*)"\))?\s*=\s*(.*)', statement, re.S
        )
        if match:
            values = [v for v in re.findall(r'"((?:[^"])*)"|([^\s,"]+)', match.group(3))]
            meta[(match.group(1), match.group(2))] = [a if a else b for a, b in values]

    def single(key: str) -> str:
        return " ".join(meta.get((key, None), [""]))

    stub = meta.get(("STUB", None), [])
    heading = meta.get(("HEADING", None), [])
    dims = [*stub, *heading]
    categories = [meta.get(("VALUES", d), []) for d in dims]
    tokens = re.findall(r'"[^"]*"|[^\s;]+', data.split(";", 1)[0])
    total = math.prod(len(c) for c in categories)
    if len(tokens) != total:
        raise SourceFileError(path, f"DATA holds {len(tokens)} values for a table of {total} cells")
    code = table_for_title(single("TITLE")) or table_for_title(single("MATRIX"))
    if code is None:
        raise SourceFileError(path, f"the table {single('TITLE')!r} is not in the contract")
    observations = []
    for position, token in enumerate(tokens):
        labels, rest = {}, position
        for dim, names in zip(reversed(dims), reversed(categories), strict=True):
            rest, at = divmod(rest, len(names))
            labels[dim] = names[at]
        value = token.strip('"')
        observations.append(Observation(labels, value, position + 1, None))
    return Export(path, code, None, observations, total)


def read_exports(path: Path) -> list[Export]:
    _, extension = parse_file_name(path)
    if extension == "csv":
        return [read_csv_export(path)]
    if extension == "xlsx":
        return read_xlsx_export(path)
    if extension == "json":
        return read_jsonstat_export(path)
    return [read_px_export(path)]


# --- mapping to the database's codes ---------------------------------------------------


def _year(label: str, path: Path, where: dict[str, Any]) -> tuple[int, bool]:
    found = YEAR_LABEL.search(label.strip())
    markers = [normalise_label(m) for m in contract()["preliminary_markers"]]
    marker = normalise_label(found.group("marker")) if found else None
    if not found or (marker and marker not in markers):
        raise SourceFileError(path, f"year {label!r} is not a year the contract knows", **where)
    return int(found.group("year")), bool(marker)


def read_pxweb_file(path: Path, loaded_at: datetime | None = None) -> list[PxWebRead]:
    vintage, extension = parse_file_name(path)
    loaded_at = loaded_at or datetime.now(UTC)
    sha256 = file_sha256(path)
    spec_all = contract()
    number_format = NumberFormat(**spec_all["number_format"][extension])
    missing_markers: dict[str, str] = spec_all["missing_markers"]
    reads = []
    for export in read_exports(path):
        spec = spec_all["tables"][export.table_code]
        dims = spec["dimensions"]
        fmt = NumberFormat(number_format.decimal, number_format.thousands, spec.get("decimals"))
        items = {normalise_label(k): v for k, v in (spec.get("items") or {}).items()}
        records, derived = [], 0
        notes: list[str] = []
        for obs in export.observations:
            where: dict[str, Any] = {
                "sheet": export.sheet,
                "row": obs.row,
                "column": column_letter(obs.column - 1) if obs.column else None,
            }
            item_label = obs.labels.get(dims.get("item", ""), "")
            item: Any = items.get(normalise_label(item_label)) if items else spec
            if items and item is None:
                raise SourceFileError(
                    path,
                    f"item {item_label!r} is not declared for table {export.table_code} (declared: "
                    + ", ".join(repr(k) for k in spec["items"])
                    + ")",
                    **where,
                )
            if item == "derived":
                derived += 1
                continue
            year, preliminary = _year(obs.labels[dims["year"]], path, where)
            geography, sector = _codes(obs, dims, spec, year, path, where)
            number, missing, problem = _value(obs.value, missing_markers, fmt)
            if problem:
                raise SourceFileError(path, f"{year}: {problem}", **where)
            record = {
                "vintage": vintage,
                "table_code": export.table_code,
                "indicator": item.get("indicator", spec.get("indicator")),
                "geography_code": geography,
                "sector_code": sector,
                "price_basis": item.get("price_basis", spec.get("price_basis", "none")),
                "year": year,
                "value": None
                if number is None
                else number * item.get("factor", spec.get("factor", 1)),
                "unit": item.get("unit", spec.get("unit")),
                "is_preliminary": preliminary,
                "missing_reason": missing,
                "source_file": path.name,
                "source_sha256": sha256,
                "sheet": export.sheet,
                "source_row": obs.row,
                "source_column": obs.column,
                "loaded_at": loaded_at,
            }
            records.append(record)
        derived_items = [k for k, v in (spec.get("items") or {}).items() if v == "derived"]
        if derived:
            notes.append(
                f"{derived} figures of {', '.join(repr(i) for i in derived_items)} are shares or "
                f"indices computed from the others, {DECLARED_NOT_LOADED}"
            )
        cells = pl.DataFrame(records, schema=CELL_SCHEMA)
        cells, implausible = _plausible(cells)
        reads.append(
            PxWebRead(
                cells,
                implausible,
                export.cells_counted,
                derived,
                export.table_code,
                export.sheet,
                notes,
            )
        )
        accounted = cells.height + implausible.height + derived
        if accounted != export.cells_counted:
            raise SourceFileError(
                path,
                f"the table has {export.cells_counted} figures but {accounted} were read: "
                "nothing is loaded rather than lose a figure",
                sheet=export.sheet,
            )
    return reads


def _codes(
    obs: Observation,
    dims: dict[str, str],
    spec: dict[str, Any],
    year: int,
    path: Path,
    where: dict[str, Any],
) -> tuple[str, str]:
    geography = spec.get("geography", "VN")
    sector = spec.get("sector", "TOTAL")
    if "geography" in dims:
        code = _label_code("geography", "area", obs.labels[dims["geography"]], path, where)
        geography = contract()["geography_before_2025"].get(code, code) if year < 2025 else code
    if "activity" in dims:
        label = obs.labels[dims["activity"]]
        sector = _label_code("activity", "economic activity", label, path, where)
    return geography, sector


def _label_code(kind: str, noun: str, label: str, path: Path, where: dict[str, Any]) -> str:
    """The code a label list (sources/reference/pxweb_<kind>_labels.csv) gives a label."""
    code = _labels(kind).get(normalise_label(label))
    if code is None:
        listed = contract()["labels"][kind]["file"]
        raise SourceFileError(
            path, f"{noun} {label!r} is not in sources/reference/{listed}", **where
        )
    return code


def _value(
    value: Any, markers: dict[str, str], fmt: NumberFormat
) -> tuple[float | None, str | None, str | None]:
    if value is None:
        return None, "not_available", None
    if isinstance(value, bool):
        return None, None, f"{value!r} is not a number"
    if isinstance(value, int | float):
        return (
            (float(value), None, None)
            if math.isfinite(value)
            else (None, None, f"{value!r} is not a finite number")
        )
    text = str(value).strip()
    if text in markers:
        return None, markers[text], None
    number, problem = parse_text_number(text, fmt)
    return number, None, problem


def _plausible(cells: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    from pipelines.ingest.yearbook import quarantine_implausible

    return quarantine_implausible(cells, CELL_SCHEMA, QUARANTINE_SCHEMA, where="table_code")
