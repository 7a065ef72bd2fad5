"""Read DOST's research-results registry: the tasks and the units that received their results.

Recipients that are enterprises are named by tax code in the registry; the code is replaced
by the same keyed pseudonym the survey uses, so that a result can be linked to the
enterprise's survey rows without the tax code ever leaving the raw area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.ingest.contracts import load_contract, normalise_label
from pipelines.ingest.errors import SourceFileError
from pipelines.ingest.lineage import file_sha256
from pipelines.ingest.pseudonym import pseudonymise

CONTRACT = "research_registry"


@dataclass(frozen=True)
class RegistryTable:
    table: str
    loaded: pl.DataFrame
    quarantined: pl.DataFrame
    rows_in: int
    sheet: str


def read_registry_file(
    path: Path, key: bytes, loaded_at: datetime | None = None
) -> dict[str, RegistryTable]:
    """{'tasks': ..., 'recipients': ...} from one registry workbook."""
    contract = load_contract(CONTRACT)
    if not re.match(contract["file_name_pattern"], path.name):
        raise SourceFileError(
            path, "file name does not follow ket_qua_nhiem_vu_khcn_<from>_<to>.xlsx"
        )
    loaded_at = loaded_at or datetime.now(UTC)
    sha256 = file_sha256(path)
    sheets = _read_sheets(path)
    result: dict[str, RegistryTable] = {}
    for sheet_name, sheet_contract in contract["sheets"].items():
        if sheet_name not in sheets:
            raise SourceFileError(path, f"sheet {sheet_name} is missing", sheet=sheet_name)
        result[sheet_contract["table"]] = _parse_sheet(
            path, sheet_name, sheets[sheet_name], sheet_contract, key, sha256, loaded_at
        )
    return result


def _read_sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook  # lazy: only needed for workbooks

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
        finally:
            workbook.close()
    except Exception as error:
        raise SourceFileError(path, f"not a readable .xlsx workbook ({error})") from error


def _parse_sheet(
    path: Path,
    sheet: str,
    rows: list[tuple[Any, ...]],
    sheet_contract: dict[str, Any],
    key: bytes,
    sha256: str,
    loaded_at: datetime,
) -> RegistryTable:
    columns: dict[str, dict[str, Any]] = sheet_contract["columns"]
    if not rows:
        raise SourceFileError(path, "the sheet is empty", sheet=sheet)
    aliases = {normalise_label(a): n for n, s in columns.items() for a in [n, *s["aliases"]]}
    header = [aliases.get(normalise_label(cell)) if cell is not None else None for cell in rows[0]]
    missing = [n for n, s in columns.items() if s.get("required", True) and n not in header]
    if missing:
        raise SourceFileError(
            path,
            "missing columns: "
            + ", ".join(f"{n} ({' / '.join(columns[n]['aliases'])})" for n in missing),
            sheet=sheet,
            row=1,
        )
    loaded: list[dict[str, Any]] = []
    quarantined: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    rows_in = 0
    for index, row in enumerate(rows[1:], start=2):
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        rows_in += 1
        record: dict[str, Any] = {}
        problems: list[str] = []
        for position, name in enumerate(header):
            if name is None:
                continue
            value = row[position] if position < len(row) else None
            parsed, problem = _parse_value(name, value, columns[name])
            record[name] = parsed
            if problem:
                problems.append(problem)
        for name, spec in columns.items():
            record.setdefault(name, None)
            if (
                spec.get("required", True)
                and record[name] is None
                and not any(p.startswith(f"{name}:") for p in problems)
            ):
                problems.append(f"{name}: missing")
        identity = tuple(record.get(k) for k in sheet_contract["key"])
        if not problems and identity in seen:
            problems.append(f"duplicate key: {', '.join(sheet_contract['key'])}")
        seen.add(identity)
        _protect(record, columns, key)
        record.update(
            source_file=path.name,
            source_sha256=sha256,
            sheet=sheet,
            source_row=index,
            loaded_at=loaded_at,
        )
        if problems:
            record["quarantine_reason"] = "; ".join(problems)
            quarantined.append({k: None if v is None else str(v) for k, v in record.items()})
        else:
            loaded.append(record)
    loaded_schema, quarantine_schema = _schemas(columns)
    return RegistryTable(
        table=sheet_contract["table"],
        loaded=pl.DataFrame(loaded, schema=loaded_schema),
        quarantined=pl.DataFrame(quarantined, schema=quarantine_schema),
        rows_in=rows_in,
        sheet=sheet,
    )


TYPES: dict[str, pl.DataType] = {"str": pl.String(), "date": pl.Date(), "float": pl.Float64()}
LINEAGE = {
    "source_file": pl.String(),
    "source_sha256": pl.String(),
    "sheet": pl.String(),
    "source_row": pl.Int32(),
    "loaded_at": pl.Datetime("us", "UTC"),
}


def _schemas(columns: dict[str, dict[str, Any]]) -> tuple[pl.Schema, pl.Schema]:
    """Loaded rows are typed; quarantined rows keep every value as text, with the reason."""
    kept = [n for n, s in columns.items() if s.get("confidential") != "drop"]
    loaded = pl.Schema({**{n: TYPES[columns[n]["type"]] for n in kept}, **LINEAGE})
    quarantined = pl.Schema(
        {
            **{n: pl.String() for n in kept},
            **{n: pl.String() for n in LINEAGE},
            "quarantine_reason": pl.String(),
        }
    )
    return loaded, quarantined


def _parse_value(name: str, value: Any, spec: dict[str, Any]) -> tuple[Any, str | None]:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None, None
    kind = spec["type"]
    if kind == "date":
        if isinstance(value, datetime):
            return value.date(), None
        if isinstance(value, date):
            return value, None
        try:
            return datetime.strptime(str(value).strip(), "%d/%m/%Y").date(), None
        except ValueError:
            return None, f"{name}: {value!r} is not a date"
    if kind == "float":
        try:
            number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
        except ValueError:
            return None, f"{name}: {value!r} is not a number"
        if "min" in spec and number < spec["min"]:
            return number, f"{name}: {number} is below the minimum {spec['min']}"
        return number, None
    text = str(value).strip()
    if "pattern" in spec and not re.match(spec["pattern"], text):
        return text, f"{name}: {text!r} does not match {spec['pattern']}"
    allowed = spec.get("allowed")
    if isinstance(allowed, dict):
        if text not in allowed:
            return text, f"{name}: {text!r} is not an allowed value"
        return allowed[text], None
    if isinstance(allowed, list) and text not in allowed:
        return text, f"{name}: {text!r} is not an allowed value"
    return text, None


def _protect(record: dict[str, Any], columns: dict[str, dict[str, Any]], key: bytes) -> None:
    """Drop personal fields; pseudonymise enterprise tax codes like the survey does.

    Recipient names are dropped for every kind of recipient: an enterprise's name is
    confidential, and cooperatives and districts are identified by their codes anyway.
    """
    for name, spec in columns.items():
        if spec.get("confidential") == "drop":
            record.pop(name, None)
    if record.get("recipient_type") == "enterprise" and record.get("recipient_id"):
        record["recipient_id"] = pseudonymise(str(record["recipient_id"]), key)
