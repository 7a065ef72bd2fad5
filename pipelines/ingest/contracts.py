"""The declarative source contracts in ``sources/contracts/``, parsed into typed objects.

A contract is the one place where a source's shape is written: file names, headers and their
aliases, types, number formats, code lists, plausible ranges (by name, from
``models/seeds/plausible_ranges.csv``) and which fields are confidential. pydantic checks the
YAML itself, so a typo in a contract fails loudly instead of switching a rule off.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipelines.ingest.numbers import NumberFormat

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "sources" / "contracts"
REFERENCE_DIR = CONTRACTS_DIR.parent / "reference"
PLAUSIBLE_RANGES = CONTRACTS_DIR.parents[1] / "models" / "seeds" / "plausible_ranges.csv"
PARAMETERS = CONTRACTS_DIR.parents[1] / "models" / "seeds" / "productivity_parameters.csv"

TABULAR_SOURCES = ("enterprise_survey", "research_registry")
SOURCES = ("statistics_office", "statistics_office_pxweb", *TABULAR_SOURCES)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NumberFormatSpec(_Strict):
    decimal: Literal[".", ","]
    thousands: Literal[".", ",", " "] | None = None
    max_decimals: int | None = None

    def format(self) -> NumberFormat:
        return NumberFormat(self.decimal, self.thousands, self.max_decimals)


class Reference(_Strict):
    """A code list under ``sources/reference/``: one or more files, filtered on ``where``.

    With ``valid_from``/``valid_to`` (column names), a code is valid only on the dates its row
    says: the 2025 reform re-used commune codes, so a code means one unit before 1 July 2025 and
    another after it, and a file is checked against the units valid at its reference date.
    """

    file: str | list[str]
    key: str
    where: dict[str, str | list[str]] = Field(default_factory=dict)
    parent: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    name: str

    @property
    def files(self) -> tuple[str, ...]:
        return (self.file,) if isinstance(self.file, str) else tuple(self.file)

    def describe_files(self) -> str:
        return ", ".join(f"sources/reference/{f}" for f in self.files)

    def codes(self, as_of: date | None = None) -> dict[str, str | None]:
        where = tuple(
            (column, (value,) if isinstance(value, str) else tuple(value))
            for column, value in self.where.items()
        )
        validity = (self.valid_from, self.valid_to) if self.valid_from and as_of else None
        return reference_codes(self.files, self.key, where, self.parent, validity, as_of)


class Column(_Strict):
    aliases: list[str]
    type: Literal["str", "int", "float", "date", "list"]
    unit: str | None = None
    required: bool = True
    pattern: str | None = None
    pattern_description: str | None = None
    allowed: dict[str, str] | list[str] | None = None
    separator: str | None = None
    reference: str | None = None
    parent_column: str | None = None
    plausible: str | None = None  # a measure of models/seeds/plausible_ranges.csv
    confidential: Literal["drop", "pseudonymise"] | None = None
    pseudonymise_when: dict[str, str] | None = None  # in loaded rows; quarantine: always
    identifier: bool = False  # its values are never quoted in a message
    free_text: bool = False  # published text: screened for personal data
    screen_names: bool = False  # its values are withheld wherever they appear in free text
    rename_to: str | None = None  # the loaded column's name (tax_code -> enterprise_id)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            re.compile(value)
        return value


class Table(_Strict):
    target_table: str
    sheet: str | None  # None: the workbook's only sheet, whatever its name
    sheet_aliases: list[str] = Field(default_factory=list)
    key: list[str]
    duplicate_key_reason: str
    columns: dict[str, Column]

    def alias_map(self) -> dict[str, str]:
        return {
            normalise_label(alias): name
            for name, spec in self.columns.items()
            for alias in [name, *spec.aliases]
        }

    def sheet_names(self) -> set[str]:
        return {normalise_label(n) for n in [self.sheet or "", *self.sheet_aliases] if n}


class TabularContract(_Strict):
    """A source delivered as tables with a header row (CSV or workbook sheets)."""

    source: str
    description: str
    file_name_pattern: str
    file_name_example: str
    number_format: dict[Literal["csv", "xlsx"], NumberFormatSpec]
    date_format: str
    references: dict[str, Reference] = Field(default_factory=dict)
    tables: dict[str, Table]

    def reference(self, name: str) -> Reference:
        return self.references[name]


@cache
def load_contract(source: str) -> dict[str, Any]:
    """The contract of one source as parsed YAML."""
    path = CONTRACTS_DIR / f"{source}.yaml"
    with path.open(encoding="utf-8") as handle:
        contract: dict[str, Any] = yaml.safe_load(handle)
    return contract


@cache
def tabular_contract(source: str) -> TabularContract:
    return TabularContract.model_validate(load_contract(source))


@cache
def plausible_ranges() -> dict[str, tuple[float, float, str]]:
    """{measure: (min, max, unit)} from the plausible-ranges parameters table."""
    with PLAUSIBLE_RANGES.open(encoding="utf-8", newline="") as handle:
        return {
            row["measure"]: (float(row["min_value"]), float(row["max_value"]), row["unit"])
            for row in csv.DictReader(handle)
        }


def parameter(name: str, sector_code: str = "ALL") -> float:
    """One value of the parameters table (models/seeds/productivity_parameters.csv)."""
    with PARAMETERS.open(encoding="utf-8", newline="") as handle:
        (value,) = [
            float(row["value"])
            for row in csv.DictReader(handle)
            if row["parameter"] == name and row["sector_code"] == sector_code
        ]
    return value


@cache
def reference_codes(
    files: tuple[str, ...],
    key: str,
    where: tuple[tuple[str, tuple[str, ...]], ...],
    parent: str | None,
    validity: tuple[str, str | None] | None = None,
    as_of: date | None = None,
) -> dict[str, str | None]:
    """{code: parent code} of one reference list, filtered on ``where`` (column, values) pairs
    and, with ``validity`` (the from and to columns), on the rows valid on ``as_of``."""
    codes: dict[str, str | None] = {}
    for file in files:
        with (REFERENCE_DIR / file).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if not all(row[column] in values for column, values in where):
                    continue
                if validity and as_of:
                    start, end = row[validity[0]], row[validity[1]] if validity[1] else ""
                    if (start and date.fromisoformat(start) > as_of) or (
                        end and date.fromisoformat(end) < as_of
                    ):
                        continue
                codes[row[key]] = row[parent] if parent else None
    return codes


@cache
def reference_rows(file: str) -> tuple[dict[str, str], ...]:
    """Every row of one reference file under ``sources/reference/``."""
    with (REFERENCE_DIR / file).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def district_names(province_code: str) -> dict[str, str]:
    """{name: code} of the district-level units of a pre-2025 province (old codes)."""
    return {
        row["name_vi"]: row["code"]
        for row in reference_rows("administrative_units.csv")
        if row["level"] == "district" and row["parent_code"] == province_code
    }


def normalise_label(text: object) -> str:
    """Compare Vietnamese labels the way a person reads them.

    Exports mix precomposed and combining diacritics (NFC vs NFD) and stray spaces; neither
    changes what a label means, so both are folded before matching against the contract.
    """
    folded = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", folded).strip().casefold()


def render_markdown() -> str:
    """The contracts as a human-readable page (sources/contracts/README.md is this output)."""
    lines = [
        "# Source contracts",
        "",
        "<!-- Generated by `productivity contracts` from the YAML files in this folder; "
        "edit the YAML, then regenerate. A test fails when this page is out of date. -->",
        "",
        "Each source's contract says which files are accepted, how their headers are named "
        "(every Vietnamese alias), how numbers are written, the type, unit, allowed values and "
        "plausible range of every column, and which fields are confidential. The ingest code "
        "reads these files; nothing about a source's shape is hard-coded elsewhere. Plausible "
        "ranges are named here and defined once in `models/seeds/plausible_ranges.csv`.",
        "",
    ]
    for source in SOURCES:
        contract = load_contract(source)
        lines += [f"## `{source}`", "", contract["description"], ""]
        lines += [f"File names: `{contract['file_name_pattern']}`", ""]
        if source == "statistics_office":
            lines += _render_yearbook(contract)
            continue
        if source == "statistics_office_pxweb":
            lines += _render_pxweb(contract)
            continue
        typed = tabular_contract(source)
        lines += ["Numbers written in text:", ""]
        for extension, spec in typed.number_format.items():
            lines.append(f"- `.{extension}`: {spec.format().describe()}")
        lines += [
            "- numeric cells of a workbook are taken as they are; every number must be finite",
            f"- dates written in text: `{typed.date_format}`",
            "",
        ]
        for name, table in typed.tables.items():
            sheet = f"sheet `{table.sheet}`" if table.sheet else "the workbook's only sheet"
            if table.sheet_aliases:
                sheet += " (also " + ", ".join(f"`{a}`" for a in table.sheet_aliases) + ")"
            lines += [f"### `{name}` → `{table.target_table}`, {sheet}", ""]
            lines += [f"Key: {', '.join(table.key)}", ""]
            lines += _render_columns(table, typed)
    return "\n".join(lines).rstrip() + "\n"


def _render_columns(table: Table, contract: TabularContract) -> list[str]:
    ranges = plausible_ranges()
    lines = [
        "| column | headers accepted | type | unit | rules | confidentiality |",
        "|---|---|---|---|---|---|",
    ]
    for name, spec in table.columns.items():
        rules = []
        if spec.pattern:
            rules.append(spec.pattern_description or f"matches `{spec.pattern}`")
        if spec.plausible:
            low, high, _ = ranges[spec.plausible]
            rules.append(f"{low:,.0f} to {high:,.0f} (`{spec.plausible}`)")
        if isinstance(spec.allowed, dict):
            rules.append("one of " + ", ".join(f"{k} → `{v}`" for k, v in spec.allowed.items()))
        elif isinstance(spec.allowed, list):
            rules.append("items from " + ", ".join(str(v) for v in spec.allowed))
        if spec.reference:
            ref = contract.reference(spec.reference)
            rules.append(
                f"is {ref.name} (" + ", ".join(f"`sources/reference/{f}`" for f in ref.files) + ")"
            )
        if spec.parent_column:
            rules.append(f"lies in `{spec.parent_column}`")
        if not spec.required:
            rules.append("optional")
        if spec.free_text:
            rules.append("free text, screened for personal data")
        confidential = {
            "drop": "dropped on read",
            "pseudonymise": "replaced by a keyed pseudonym",
        }.get(spec.confidential or "", "")
        if spec.pseudonymise_when:
            condition = ", ".join(f"{k} = {v}" for k, v in spec.pseudonymise_when.items())
            confidential += f" when {condition} (always in quarantine)"
        if spec.identifier:
            confidential += "; never quoted in messages"
        headers = " / ".join(spec.aliases)
        lines.append(
            f"| `{name}` | {headers} | {spec.type} | {spec.unit or ''} | "
            f"{'; '.join(rules)} | {confidential.strip('; ')} |"
        )
    return [*lines, ""]


def _render_pxweb(contract: dict[str, Any]) -> list[str]:
    labels = contract["labels"]
    lines = [
        "Rows loaded are `data_origin = real` unless the folder's `DATA_ORIGIN` file says "
        "otherwise. Formats: "
        + ", ".join(f"`.{ext}`" for ext in contract["number_format"])
        + " (numbers with a decimal point, no thousands separator). Preliminary years: "
        + ", ".join(f"`{m}`" for m in contract["preliminary_markers"])
        + ". Missing markers: "
        + ", ".join(f"`{k}` = {v}" for k, v in contract["missing_markers"].items())
        + ". Labels are mapped to codes by "
        + " and ".join(f"`sources/reference/{spec['file']}`" for spec in labels.values())
        + " (spaces and case folded).",
        "",
        "| table | titles | dimensions | indicator | price basis | unit (× factor) | items |",
        "|---|---|---|---|---|---|---|",
    ]
    for table, spec in contract["tables"].items():
        titles = "; ".join(spec["titles"])
        dims = ", ".join(f"{k}: {v}" for k, v in spec["dimensions"].items())
        items = "; ".join(
            f"{label} → "
            + (
                "derived, not loaded"
                if item == "derived"
                else f"{item['indicator'] if 'indicator' in item else spec.get('indicator', '')}"
                f" `{item['unit']}` × {item['factor']}"
            )
            for label, item in (spec.get("items") or {}).items()
        )
        unit = f"`{spec['unit']}` × {spec['factor']}" if "unit" in spec else ""
        lines.append(
            f"| `{table}` | {titles} | {dims} | {spec.get('indicator', '')} | "
            f"{spec['price_basis']} | {unit} | {items} |"
        )
    return [*lines, ""]


def _render_yearbook(contract: dict[str, Any]) -> list[str]:
    formats = contract["number_format"]
    lines = [
        "Layout of every table: title row, unit row (`Đơn vị tính: …`), header row of years "
        f"(a preliminary year marked `{contract['preliminary_marker']}`, an estimate "
        + " or ".join(f"`{m}`" for m in contract["estimate_markers"])
        + "), labelled rows (blank rows inside the table are allowed), footnotes. Missing "
        "markers: "
        + ", ".join(f"`{k}` = {v}" for k, v in contract["missing_markers"].items())
        + ".",
        "",
        "Numbers written in text: "
        + "; ".join(
            f"`.{ext}` {NumberFormatSpec.model_validate(spec).format().describe()}"
            for ext, spec in formats.items()
        )
        + "; numeric cells of a workbook are taken as they are. Every number must be finite "
        "and within the plausible range of its unit (`figure_<unit>` in "
        "`models/seeds/plausible_ranges.csv`).",
        "",
        "| province file | geography code | name | editions |",
        "|---|---|---|---|",
    ]
    for slug, spec in contract["provinces"].items():
        editions = f"{spec.get('first_edition', '…')}–{spec.get('last_edition', '')}"
        lines.append(f"| `{slug}` | `{spec['geography_code']}` | {spec['name_vi']} | {editions} |")
    lines += ["", "| unit printed | stored as | factor |", "|---|---|---|"]
    for printed, spec in contract["units"].items():
        lines.append(f"| {printed} | `{spec['unit']}` | × {spec['factor']} |")
    lines += [
        "",
        "| table (sheet) | other sheet names | indicator | price basis | row labels → codes |",
        "|---|---|---|---|---|",
    ]
    for table, spec in contract["tables"].items():
        rows = "; ".join(
            f"{label} → {', '.join(f'{k}={v}' for k, v in mapping.items())}"
            for label, mapping in spec.get("rows", {}).items()
        )
        if spec.get("sections"):
            rows += "; `X - …` → VSIC section X"
        aliases = ", ".join(f"`{a}`" for a in spec.get("sheet_aliases", []))
        lines.append(
            f"| `{table}` | {aliases} | {spec.get('indicator', 'per row')} | "
            f"{spec.get('price_basis', 'per row')} | {rows} |"
        )
    return [*lines, ""]
