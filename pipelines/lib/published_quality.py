"""What the release says about data quality, for BI and the report: schema `quality` of the
published file.

The working warehouse holds the quality history and the load log, but BI is told never to
open it (it is the refresh's file, and holds the restricted raw tables). Each release copies
into its read-only file what a steward or an analyst charts quality from:

- `quality.check_history`: every check of every run (GX suites and SQLMesh audits), as in the
  warehouse;
- `quality.file_loads`: per delivered file, sheet and target table, rows in, loaded,
  quarantined, recognised as duplicates, derived, and what was not taken, without the
  restricted archive's paths or the pseudonym key's fingerprint;
- `quality.quarantine_reasons`: per file, how many rows each rule sent to quarantine, the rule
  only — never the offending value, which may be personal data (load_report masks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipelines.lib.load_report import QUARANTINE_TABLES, quarantine_reasons
from pipelines.lib.quality_history import HISTORY_DDL, HISTORY_TABLE

if TYPE_CHECKING:
    import duckdb

QUALITY_SCHEMA = "quality"
FILE_LOAD_COLUMNS = (
    "source, partition_key, source_file, sheet, target_table, status, reason, rows_in, "
    "rows_loaded, rows_quarantined, rows_duplicate, rows_derived, notes, data_origin, loaded_at"
)

# table -> (English, Vietnamese, column -> (English, Vietnamese)): merged into the dictionary.
QUALITY_TABLES: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "check_history": (
        "Every data-quality check of every refresh: Great Expectations suites and SQLMesh "
        "audits, whether each passed, what was found and what was allowed.",
        "Mọi lần kiểm tra chất lượng dữ liệu của mọi lượt làm mới: bộ kiểm tra Great "
        "Expectations và kiểm định SQLMesh, đạt hay không, giá trị quan sát và ngưỡng cho phép.",
        {
            "checked_at": ("When the check ran (UTC).", "Thời điểm kiểm tra (giờ UTC)."),
            "dagster_run_id": ("The Dagster run of the check.", "Lượt chạy Dagster đã kiểm tra."),
            "check_name": (
                "The check (GX suite, expectation or SQLMesh audit).",
                "Tên phép kiểm tra (bộ GX, kỳ vọng hoặc kiểm định SQLMesh).",
            ),
            "check_kind": (
                "great_expectations or sqlmesh_audit.",
                "Loại kiểm tra: great_expectations hoặc sqlmesh_audit.",
            ),
            "asset_key": ("The table checked.", "Bảng được kiểm tra."),
            "detail": (
                "The expectation or the audit's arguments ('suite' for a suite's summary row).",
                "Kỳ vọng hoặc tham số của kiểm định ('suite' ở dòng tổng hợp của cả bộ).",
            ),
            "passed": ("Whether the check passed.", "Kiểm tra có đạt hay không."),
            "observed_value": ("What the check found.", "Giá trị quan sát được."),
            "threshold": ("What the check allowed.", "Ngưỡng cho phép."),
            "rows_checked": ("Rows the check read.", "Số dòng đã kiểm tra."),
            "data_version": (
                "Code and source version of the checked table.",
                "Phiên bản mã và nguồn của bảng được kiểm tra.",
            ),
        },
    ),
    "file_loads": (
        "Every delivered file, sheet and target table of the load log: rows in (counted by a "
        "second reader), loaded, quarantined, recognised as duplicates, derived; files not "
        "taken, with the reason. Rows in = loaded + quarantined + duplicate + derived.",
        "Mọi tệp, trang tính và bảng đích trong nhật ký nạp dữ liệu: số dòng đầu vào (đếm bằng "
        "bộ đọc thứ hai), đã nạp, bị cách ly, trùng lặp, dẫn xuất; tệp không được nhận và lý do. "
        "Số dòng đầu vào = đã nạp + cách ly + trùng lặp + dẫn xuất.",
        {
            "source": (
                "Source folder: statistics_office, statistics_office_pxweb, enterprise_survey, "
                "research_registry (NULL: a file outside every source folder).",
                "Thư mục nguồn (NULL: tệp nằm ngoài mọi thư mục nguồn).",
            ),
            "partition_key": ("Survey year (the survey), else NULL.", "Năm điều tra, nếu có."),
            "source_file": ("File name as delivered.", "Tên tệp như khi được giao."),
            "sheet": ("Sheet of a workbook (NULL for CSV).", "Trang tính (NULL với tệp CSV)."),
            "target_table": ("Raw table the rows went to.", "Bảng thô nhận các dòng."),
            "status": ("loaded or not_taken.", "loaded (đã nạp) hoặc not_taken (không nhận)."),
            "reason": ("Why a file was not taken.", "Lý do tệp không được nhận."),
            "rows_in": ("Data rows in the file.", "Số dòng dữ liệu trong tệp."),
            "rows_loaded": ("Rows loaded.", "Số dòng đã nạp."),
            "rows_quarantined": (
                "Rows quarantined (see quality.quarantine_reasons).",
                "Số dòng bị cách ly (xem quality.quarantine_reasons).",
            ),
            "rows_duplicate": (
                "Figures identical to another file of the same edition (not loaded twice).",
                "Số liệu trùng với tệp khác cùng ấn bản (không nạp hai lần).",
            ),
            "rows_derived": (
                "Figures derived from others (a share or index), not loaded.",
                "Số liệu dẫn xuất từ số liệu khác (cơ cấu, chỉ số), không nạp.",
            ),
            "notes": (
                "Columns or sheets of the file not loaded, and why.",
                "Cột hoặc trang tính không được nạp và lý do.",
            ),
            "data_origin": ("real or synthetic.", "Nguồn gốc: real (thật) hoặc synthetic."),
            "loaded_at": ("When the file was loaded (UTC).", "Thời điểm nạp (giờ UTC)."),
        },
    ),
    "quarantine_reasons": (
        "Per delivered file, how many rows each rule sent to quarantine (the rule only, never "
        "the rejected value).",
        "Theo từng tệp, số dòng bị cách ly theo từng quy tắc (chỉ nêu quy tắc, không nêu giá "
        "trị bị từ chối).",
        {
            "source": ("Source folder.", "Thư mục nguồn."),
            "source_file": ("File name as delivered.", "Tên tệp như khi được giao."),
            "target_table": ("Raw table the file loads.", "Bảng thô của tệp."),
            "reason": ("The rule the rows broke.", "Quy tắc bị vi phạm."),
            "rows": ("Rows quarantined for this rule.", "Số dòng bị cách ly theo quy tắc này."),
        },
    ),
}


def loads_version(connection: duckdb.DuckDBPyConnection) -> str:
    """A digest of what every delivered file gave (not when it was loaded)."""
    if "raw.load_log" not in _tables(connection):
        return "no-load-log"
    row = connection.execute(
        "SELECT count(*), coalesce(sum(hash(source_sha256, sheet, target_table, status, reason, "
        "rows_in, rows_loaded, rows_quarantined, rows_duplicate, rows_derived, notes)), 0) "
        "FROM raw.load_log"
    ).fetchone()
    return f"{row[0]}-{row[1]}" if row else "no-load-log"


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        f"{schema}.{table}"
        for schema, table in connection.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE database_name = current_database()"
        ).fetchall()
    }


def write_quality_tables(connection: duckdb.DuckDBPyConnection, database: str) -> dict[str, int]:
    """Create ``database``.quality.* from the warehouse ``connection`` is on; {table: rows}.

    The tables exist (empty) even before the first check or load, so BI's queries never fail.
    """
    target = f"{database}.{QUALITY_SCHEMA}"
    present = _tables(connection)
    connection.execute(f"CREATE SCHEMA {target}")
    connection.execute(HISTORY_DDL.replace(HISTORY_TABLE, f"{target}.check_history"))
    if HISTORY_TABLE in present:
        connection.execute(
            # a failing expectation's examples may be a single enterprise's values: the
            # published history keeps the count, not the examples
            f"INSERT INTO {target}.check_history BY NAME SELECT * REPLACE "
            "(regexp_replace(observed_value, ', e\\.g\\. .*$', '', 's') AS observed_value) "
            f"FROM {HISTORY_TABLE} ORDER BY checked_at, check_name, asset_key, detail"
        )
    connection.execute(
        f"CREATE TABLE {target}.file_loads (source VARCHAR, partition_key VARCHAR, "
        "source_file VARCHAR, sheet VARCHAR, target_table VARCHAR, status VARCHAR, "
        "reason VARCHAR, rows_in BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT, "
        "rows_duplicate BIGINT, rows_derived BIGINT, notes VARCHAR, data_origin VARCHAR, "
        "loaded_at TIMESTAMPTZ)"
    )
    if "raw.load_log" in present:
        connection.execute(
            f"INSERT INTO {target}.file_loads SELECT {FILE_LOAD_COLUMNS} FROM raw.load_log "
            "ORDER BY loaded_at, source, source_file, sheet, target_table"
        )
    connection.execute(
        f"CREATE TABLE {target}.quarantine_reasons (source VARCHAR, source_file VARCHAR, "
        "target_table VARCHAR, reason VARCHAR, rows BIGINT)"
    )
    rows: list[tuple[object, ...]] = []
    if "raw.load_log" in present:
        for source, file, table in connection.execute(
            "SELECT DISTINCT source, source_file, target_table FROM raw.load_log "
            "WHERE rows_quarantined > 0 ORDER BY ALL"
        ).fetchall():
            quarantine = QUARANTINE_TABLES.get(table)
            if quarantine not in present:
                continue
            reasons = quarantine_reasons(connection, quarantine, file)
            rows += [
                (source, file, table, reason, count)
                for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
    if rows:
        connection.executemany(
            f"INSERT INTO {target}.quarantine_reasons VALUES (?, ?, ?, ?, ?)", rows
        )
    # described, like the publication's own tables, when the dictionary is written
    counts = {}
    for table in QUALITY_TABLES:
        row = connection.execute(f"SELECT count(*) FROM {target}.{table}").fetchone()
        counts[f"{QUALITY_SCHEMA}.{table}"] = int(row[0]) if row else 0
    return counts
