"""The quality-history table: every check of every run, for stewards and BI to chart."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

HISTORY_TABLE = "quality.check_history"

HISTORY_DDL = f"""
CREATE TABLE IF NOT EXISTS {HISTORY_TABLE} (
    checked_at TIMESTAMPTZ NOT NULL,
    dagster_run_id VARCHAR,
    check_name VARCHAR NOT NULL,      -- the Dagster asset check (GX suite or SQLMesh audit)
    check_kind VARCHAR NOT NULL,      -- great_expectations | sqlmesh_audit
    asset_key VARCHAR NOT NULL,       -- e.g. marts/fct_labour_productivity
    detail VARCHAR,                   -- the expectation (GX) or the audit's arguments
    passed BOOLEAN NOT NULL,
    observed_value VARCHAR,           -- what was found (failing rows, observed value)
    threshold VARCHAR,                -- what was allowed
    rows_checked BIGINT
)
"""


@dataclass(frozen=True)
class CheckRecord:
    check_name: str
    check_kind: str
    asset_key: str
    detail: str | None
    passed: bool
    observed_value: str | None
    threshold: str | None
    rows_checked: int | None


def record_checks(
    execute: Callable[..., Any],
    records: Iterable[CheckRecord],
    checked_at: datetime,
    run_id: str | None,
) -> int:
    """Append ``records`` through ``execute(sql, params)`` (a DuckDB connection's execute)."""
    execute("CREATE SCHEMA IF NOT EXISTS quality")
    execute(HISTORY_DDL)
    count = 0
    for record in records:
        execute(
            f"INSERT INTO {HISTORY_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                checked_at,
                run_id,
                record.check_name,
                record.check_kind,
                record.asset_key,
                record.detail,
                record.passed,
                record.observed_value,
                record.threshold,
                record.rows_checked,
            ],
        )
        count += 1
    return count


def previous_row_count(execute: Callable[..., Any], check_name: str) -> int | None:
    """Rows the last passing run of ``check_name`` validated (NULL before the first run)."""
    try:
        row = execute(
            f"SELECT rows_checked FROM {HISTORY_TABLE} WHERE check_name = ? AND passed "
            "AND detail = 'suite' "
            "ORDER BY checked_at DESC LIMIT 1",
            [check_name],
        ).fetchone()
    except Exception:  # the table does not exist before the first check
        return None
    return int(row[0]) if row and row[0] is not None else None
