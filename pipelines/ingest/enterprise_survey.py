"""Read one year of the enterprise survey: rename, type, pseudonymise, quarantine.

Every row that comes in leaves as exactly one of: a loaded row (typed, tax code replaced
by a keyed pseudonym, name/address/phone dropped) or a quarantined row (its raw values,
still without the personal fields, and the rule it broke).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.contracts import load_contract, normalise_label, reference_codes
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.pseudonym import pseudonymise
from pipelines.ingest.text import check_utf8

CONTRACT = "enterprise_survey"

POLARS_TYPES: dict[str, Any] = {
    "str": pl.String,
    "int": pl.Int64,
    "float": pl.Float64,
    "list": pl.String,
}


@dataclass(frozen=True)
class SurveyRead:
    """What one file gave: loaded rows, quarantined rows, and the lineage they share."""

    loaded: pl.DataFrame
    quarantined: pl.DataFrame
    rows_in: int
    source_file: str
    source_sha256: str
    survey_year: int


def survey_year_of(path: Path) -> int:
    match = re.match(load_contract(CONTRACT)["file_name_pattern"], path.name)
    if not match:
        raise SourceFileError(
            path, "file name does not follow dieu_tra_doanh_nghiep_<year>.csv|xlsx"
        )
    return int(match["year"])


def read_survey_file(
    path: Path, key: bytes, loaded_at: datetime | None = None, max_year: int | None = None
) -> SurveyRead:
    contract = load_contract(CONTRACT)
    year = survey_year_of(path)
    if max_year is not None and year > max_year:
        raise SourceFileError(
            path, f"survey year {year} is in the future (latest allowed {max_year})"
        )
    loaded_at = loaded_at or datetime.now(UTC)
    sha256 = file_sha256(path)
    raw, sheet = _read_as_text(path)
    raw = _rename_to_canonical(raw, contract, path, sheet)
    rows_in = raw.height
    if rows_in == 0:
        raise SourceFileError(path, "the file has a header but no enterprise rows", sheet=sheet)

    columns: dict[str, dict[str, Any]] = contract["columns"]
    # Excel row numbers: the header is row 1, the first enterprise row 2.
    frame = raw.with_columns(
        pl.int_range(2, rows_in + 2, dtype=pl.Int32).alias("source_row"),
        *(pl.col(name).str.strip_chars() for name in columns),
    ).with_columns(
        pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
        for name in columns
    )

    problems: list[pl.Expr] = []
    typed: list[pl.Expr] = []
    for name, spec in columns.items():
        kind = spec["type"]
        column = pl.col(name)
        if kind in ("int", "float"):
            target = POLARS_TYPES[kind]
            cast = column.str.replace_all(",", ".").cast(pl.Float64, strict=False)
            problems.append(
                pl.when(column.is_not_null() & cast.is_null()).then(
                    _message(f"{name}: '", column, "' is not a number")
                )
            )
            if kind == "int":
                problems.append(
                    pl.when(cast.is_not_null() & (cast != cast.round(0))).then(
                        _message(f"{name}: '", column, "' is not a whole number")
                    )
                )
            if "min" in spec:
                problems.append(
                    pl.when(cast < spec["min"]).then(
                        _message(f"{name}: ", column, f" is below the minimum {spec['min']}")
                    )
                )
            typed.append(cast.cast(target, strict=False).alias(name))
        elif kind == "list":
            allowed = spec.get("allowed", [])
            items = column.str.split(spec["separator"]).list.eval(pl.element().str.strip_chars())
            bad = items.list.eval(pl.element().filter(~pl.element().is_in(allowed)))
            problems.append(
                pl.when(bad.list.len() > 0).then(
                    _message(f"{name}: '", bad.list.join(";"), "' is not an allowed value")
                )
            )
            typed.append(items.list.sort().list.join(";").alias(name))
        else:
            if "pattern" in spec:
                problems.append(
                    pl.when(column.is_not_null() & ~column.str.contains(spec["pattern"])).then(
                        _message(f"{name}: '", column, f"' does not match {spec['pattern']}")
                    )
                )
            if "reference" in spec:
                problems.extend(_reference_problems(name, spec, contract))
            allowed = spec.get("allowed")
            if isinstance(allowed, dict):
                problems.append(
                    pl.when(column.is_not_null() & ~column.is_in(list(allowed))).then(
                        _message(f"{name}: '", column, "' is not an allowed value")
                    )
                )
                typed.append(column.replace_strict(allowed, default=None).alias(name))
            else:
                typed.append(column)
        if spec.get("required", True) and kind != "list":
            problems.append(pl.when(column.is_null()).then(pl.lit(f"{name}: missing")))

    reasons = pl.concat_str(problems, separator="; ", ignore_nulls=True)
    frame = frame.with_columns(
        pl.when(reasons == "").then(None).otherwise(reasons).alias("quarantine_reason")
    )
    # A second row for the same enterprise in the same year is quarantined, the first kept.
    duplicate = pl.col("tax_code").is_duplicated() & (pl.int_range(pl.len()).over("tax_code") > 0)
    frame = frame.with_columns(
        pl.when(duplicate & pl.col("tax_code").is_not_null())
        .then(
            pl.concat_str(
                [pl.col("quarantine_reason"), pl.lit("duplicate enterprise-year: tax_code")],
                separator="; ",
                ignore_nulls=True,
            )
        )
        .otherwise(pl.col("quarantine_reason"))
        .alias("quarantine_reason")
    )

    lineage = {
        "survey_year": pl.lit(year, pl.Int32),
        "source_file": pl.lit(path.name),
        "source_sha256": pl.lit(sha256),
        "sheet": pl.lit(sheet, pl.String),
        "loaded_at": pl.lit(loaded_at, pl.Datetime("us", "UTC")),
    }
    confidential = {n: s["confidential"] for n, s in columns.items() if s.get("confidential")}
    dropped = [n for n, how in confidential.items() if how == "drop"]
    pseudonymised = [n for n, how in confidential.items() if how == "pseudonymise"]

    good = frame.filter(pl.col("quarantine_reason").is_null())
    loaded = (
        good.with_columns(typed)
        .with_columns(
            pl.col(name)
            .map_elements(lambda v: pseudonymise(v, key), return_dtype=pl.String)
            .alias("enterprise_id" if name == "tax_code" else f"{name}_pseudonym")
            for name in pseudonymised
        )
        .drop([*dropped, *pseudonymised, "quarantine_reason"])
        .with_columns(**lineage)
    )
    order = [
        "enterprise_id",
        "survey_year",
        *[n for n in columns if n not in dropped and n not in pseudonymised],
        "source_file",
        "source_sha256",
        "sheet",
        "source_row",
        "loaded_at",
    ]
    loaded = loaded.select(order)

    quarantined = (
        frame.filter(pl.col("quarantine_reason").is_not_null())
        .with_columns(
            # Raw tax codes never leave the restricted raw area, even in quarantine.
            pl.col("tax_code")
            .map_elements(lambda v: pseudonymise(v, key), return_dtype=pl.String)
            .alias("enterprise_id")
        )
        .drop([*dropped, *pseudonymised])
        .with_columns(**lineage)
    )
    return SurveyRead(
        loaded=loaded,
        quarantined=quarantined,
        rows_in=rows_in,
        source_file=path.name,
        source_sha256=sha256,
        survey_year=year,
    )


def _reference_problems(name: str, spec: dict[str, Any], contract: dict[str, Any]) -> list[pl.Expr]:
    """The code must be in its reference list (and, for communes, in the stated district)."""
    reference = contract["references"][spec["reference"]]
    codes = reference_codes(
        reference["file"],
        reference["key"],
        tuple(sorted((k, str(v)) for k, v in reference.get("where", {}).items())),
        reference.get("parent"),
    )
    column = pl.col(name)
    well_formed = column.is_not_null() & column.str.contains(spec.get("pattern", ".*"))
    problems: list[pl.Expr] = [
        pl.when(well_formed & ~column.is_in(list(codes))).then(
            _message(
                f"{name}: '",
                column,
                f"' is not {reference['name']} (sources/reference/{reference['file']})",
            )
        )
    ]
    parent_column = spec.get("parent_column")
    if parent_column:
        parent = column.replace_strict(codes, default=None, return_dtype=pl.String)
        problems.append(
            pl.when(
                well_formed & column.is_in(list(codes)) & (parent != pl.col(parent_column))
            ).then(
                pl.concat_str(
                    [
                        pl.lit(f"{name}: '"),
                        column,
                        pl.lit("' lies in district '"),
                        parent,
                        pl.lit(f"', not in {parent_column} '"),
                        pl.col(parent_column),
                        pl.lit("'"),
                    ]
                )
            )
        )
    return problems


def _message(before: str, value: pl.Expr, after: str) -> pl.Expr:
    """'<before><value><after>' (pl.format would read the braces of regex patterns)."""
    return pl.concat_str([pl.lit(before), value.cast(pl.String), pl.lit(after)])


def _read_as_text(path: Path) -> tuple[pl.DataFrame, str | None]:
    """Every column as text, so that leading zeros and bad values survive to be judged."""
    if path.stat().st_size == 0:
        raise SourceFileError(path, "the file is empty")
    if path.suffix == ".csv":
        check_utf8(path)
        try:
            frame = pl.read_csv(path, infer_schema=False, encoding="utf8", raise_if_empty=True)
        except pl.exceptions.ComputeError as error:
            raise SourceFileError(path, f"not a readable UTF-8 CSV ({error})") from error
        except pl.exceptions.NoDataError as error:
            raise SourceFileError(path, "the file is empty") from error
        return frame, None
    try:
        import fastexcel  # lazy: only the Excel-delivered years need it

        reader = fastexcel.read_excel(path)
        sheet = reader.sheet_names[0]
        frame = reader.load_sheet(0, dtypes="string").to_polars()
    except Exception as error:
        raise SourceFileError(path, f"not a readable .xlsx workbook ({error})") from error
    return frame, sheet


def _rename_to_canonical(
    frame: pl.DataFrame, contract: dict[str, Any], path: Path, sheet: str | None
) -> pl.DataFrame:
    aliases = {
        normalise_label(alias): name
        for name, spec in contract["columns"].items()
        for alias in [name, *spec["aliases"]]
    }
    renames: dict[str, str] = {}
    unknown: list[str] = []
    for header in frame.columns:
        name = aliases.get(normalise_label(header))
        if name is None:
            unknown.append(header)
        else:
            renames[header] = name
    required = [n for n, s in contract["columns"].items() if s.get("required", True)]
    missing = [n for n in required if n not in renames.values()]
    if missing:
        expected = ", ".join(
            f"{n} ({' / '.join(contract['columns'][n]['aliases'])})" for n in missing
        )
        extra = f"; unrecognised headers: {', '.join(map(repr, unknown))}" if unknown else ""
        raise SourceFileError(path, f"missing columns: {expected}{extra}", sheet=sheet, row=1)
    frame = frame.rename(renames).select(list(renames.values()))
    for name in contract["columns"]:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(name))
    return frame.select(list(contract["columns"]))
