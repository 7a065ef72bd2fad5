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
    rows_checked BIGINT,
    data_version VARCHAR              -- code and sources the checked table was built from
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
    data_version: str | None = None


def record_checks(
    execute: Callable[..., Any],
    records: Iterable[CheckRecord],
    checked_at: datetime,
    run_id: str | None,
) -> int:
    """Append ``records`` through ``execute(sql, params)`` (a DuckDB connection's execute)."""
    execute("CREATE SCHEMA IF NOT EXISTS quality")
    execute(HISTORY_DDL)
    execute(f"ALTER TABLE {HISTORY_TABLE} ADD COLUMN IF NOT EXISTS data_version VARCHAR")
    count = 0
    for record in records:
        execute(
            f"INSERT INTO {HISTORY_TABLE} BY NAME SELECT ?::TIMESTAMPTZ AS checked_at, "
            "?::VARCHAR AS dagster_run_id, ?::VARCHAR AS check_name, ?::VARCHAR AS check_kind, "
            "?::VARCHAR AS asset_key, ?::VARCHAR AS detail, ?::BOOLEAN AS passed, "
            "?::VARCHAR AS observed_value, ?::VARCHAR AS threshold, ?::BIGINT AS rows_checked, "
            "?::VARCHAR AS data_version",
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
                record.data_version,
            ],
        )
        count += 1
    return count


def passed_on(
    execute: Callable[..., Any], check_name: str, data_version: str
) -> tuple[str, int | None] | None:
    """(run, rows checked) of the last run that passed ``check_name`` on this data version."""
    try:
        row = execute(
            f"SELECT dagster_run_id, rows_checked FROM {HISTORY_TABLE} WHERE check_name = ? "
            "AND passed AND detail = 'suite' AND data_version = ? ORDER BY checked_at DESC LIMIT 1",
            [check_name, data_version],
        ).fetchone()
    except Exception:  # no history yet, or one from before data versions were recorded
        return None
    return (str(row[0]), row[1]) if row else None


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
