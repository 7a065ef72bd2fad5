"""What a steward is told at the end of a refresh about the files: what was quarantined and
why, what was not taken, which columns or sheets were not loaded.

Read from `raw.load_log` and the quarantine tables after the run, so it describes the
warehouse as it now stands, whichever path (CLI, sensor, schedule) loaded the files.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

# how a load-log note about items the contract declares derived ends (pipelines/ingest/pxweb.py)
DECLARED_NOT_LOADED = "declared derived in the contract: not loaded"

QUARANTINE_TABLES = {
    "raw.enterprise_survey": "raw.enterprise_survey_quarantine",
    "raw.yearbook_cells": "raw.yearbook_quarantine",
    "raw.research_tasks": "raw.research_tasks_quarantine",
    "raw.research_recipients": "raw.research_recipients_quarantine",
}


@dataclass
class LoadReport:
    quarantined: list[tuple[str, int, int, list[tuple[str, int]]]] = field(default_factory=list)
    not_taken: list[tuple[str, str]] = field(default_factory=list)
    not_loaded: list[tuple[str, str]] = field(default_factory=list)
    # items the contract itself declares not to load (a PX-Web "Structure (%)" column): said, but
    # not a warning, since the steward has nothing to do about them
    declared_not_loaded: list[tuple[str, str]] = field(default_factory=list)

    @property
    def rows_quarantined(self) -> int:
        return sum(q[1] for q in self.quarantined)

    def lines(self) -> list[str]:
        out: list[str] = []
        for file, quarantined, rows_in, reasons in self.quarantined:
            out.append(f"  ⚠ {file}: {quarantined:,} of {rows_in:,} rows quarantined")
            out += [f"      {count:>5,} × {reason}" for reason, count in reasons]
        for file, reason in self.not_taken:
            out.append(f"  ⚠ not taken: {file}: {reason}")
        for file, note in self.not_loaded:
            out.append(f"  ⚠ {file}: {note}")
        for file, note in self.declared_not_loaded:
            out.append(f"  ℹ {file}: {note}")
        return out

    def warning(self) -> str | None:
        parts = []
        if self.rows_quarantined:
            parts.append(f"{self.rows_quarantined:,} rows quarantined")
        if self.not_taken:
            parts.append(f"{len(self.not_taken)} files not taken")
        if self.not_loaded:
            parts.append(f"{len(self.not_loaded)} columns or sheets not loaded")
        if not parts:
            return None
        return (
            "WARNING: "
            + ", ".join(parts)
            + ": see above, raw.load_log and the raw.*_quarantine tables."
        )


def reason_kind(reason: str) -> str:
    """'revenue at row 12: '8,919' could be …' -> 'revenue: '…' could be …' (grouped)."""
    text = re.sub(r" at row \d+", "", reason)
    text = re.sub(r", column [A-Z]+ \(\d{4}\)", "", text)
    text = re.sub(r"^([\w ]+: )'[^']*'", r"\1'…'", text)  # the value itself, not the rule
    return re.sub(r"\brow \d+\b", "row …", text)


def quarantine_reasons(
    connection: duckdb.DuckDBPyConnection, table: str, source_file: str
) -> Counter[str]:
    """How many times each rule (not the rejected value) sent rows of ``source_file`` to the
    quarantine ``table``; a row that broke several rules counts once per rule."""
    reasons: Counter[str] = Counter()
    for (reason,) in connection.execute(
        f"SELECT quarantine_reason FROM {table} WHERE source_file = ?", [source_file]
    ).fetchall():
        for part in (reason or "").split("; "):
            reasons[reason_kind(part)] += 1
    return reasons


def load_report(warehouse: Path) -> LoadReport:
    import duckdb

    report = LoadReport()
    if not warehouse.exists():
        return report
    try:
        # the same configuration as the refresh's own connections: in the refresh's process
        # DuckDB then shares the open database instead of refusing a second configuration
        connection = duckdb.connect(str(warehouse))
    except duckdb.Error:
        return report
    with connection:
        tables = {
            f"{s}.{t}"
            for s, t in connection.execute(
                "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name = 'raw'"
            ).fetchall()
        }
        if "raw.load_log" not in tables:
            return report
        columns = {
            c
            for (c,) in connection.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'raw' "
                "AND table_name = 'load_log'"
            ).fetchall()
        }
        if "status" not in columns:
            return report
        for target, file, source, quarantined, rows_in in connection.execute(
            "SELECT target_table, source_file, source, sum(rows_quarantined), sum(rows_in) "
            "FROM raw.load_log WHERE status = 'loaded' GROUP BY ALL "
            "HAVING sum(rows_quarantined) > 0 ORDER BY source, source_file, target_table"
        ).fetchall():
            table = QUARANTINE_TABLES.get(target)
            reasons = quarantine_reasons(connection, table, file) if table in tables else Counter()
            report.quarantined.append(
                (f"{source}/{file}", int(quarantined), int(rows_in), reasons.most_common(3))
            )
        report.not_taken = [
            (str(f), str(r))
            for f, r in connection.execute(
                "SELECT source_file, reason FROM raw.load_log WHERE status = 'not_taken' "
                "ORDER BY source_file"
            ).fetchall()
        ]
        for source, file, notes in connection.execute(
            "SELECT DISTINCT source, source_file, notes FROM raw.load_log "
            "WHERE status = 'loaded' AND notes IS NOT NULL ORDER BY 1, 2"
        ).fetchall():
            for note in notes.split("; "):
                declared = note.endswith(DECLARED_NOT_LOADED)
                (report.declared_not_loaded if declared else report.not_loaded).append(
                    (f"{source}/{file}", note)
                )
    return report
