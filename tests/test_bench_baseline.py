"""`make bench`'s like-for-like baseline does the refresh's work: on a delivery full of defects,
its raw tables (loaded and quarantined rows, the load log) and its marts equal the refresh's.

The baseline (benchmarks/direct_duckdb.py, direct_ingest.py, contract_sql.py) is a second,
independent implementation of the ingest — the contract's rules as DuckDB SQL, the keyed HMAC
from DuckDB's sha256 — so agreement row for row checks both; and the comparison itself must
see a difference of 1e-7 in one figure.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from benchmarks.direct_duckdb import DATABASE_NAME, run_baseline
from benchmarks.mart_equality import compare_with_refresh
from tests.conftest import PROJECT_ROOT, SAMPLE_SOURCES, RefreshRun, run_refresh

SURVEY = "enterprise_survey"


def _rewrite_csv(path: Path, change: object) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)  # type: ignore[operator]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def defective_landing(target: Path) -> Path:
    """The sample with defects of every kind the contracts quarantine or report."""
    shutil.copytree(SAMPLE_SOURCES, target, ignore=shutil.ignore_patterns("contracts", "reference"))

    def survey_2016(rows: list[list[str]]) -> None:
        # short headers: 0 tax code, 4 VSIC, 5 commune, 6 district, 7 ownership, 8 employees at
        # the start, 10 labour cost, 11 revenue, 12 fixed assets, 16 energy, 19 tools, 20 systems
        for number, column, value in [
            (1, 0, "16859734"),  # tax code of the wrong shape
            (2, 4, "99999"),  # no such VSIC code
            (3, 5, "30322"),  # a commune of district 884 ...
            (3, 6, "893"),  # ... said to be in district 893
            (4, 7, "Tư nhân"),  # not an ownership of the list
            (5, 8, "4.5"),  # not a whole number
            (6, 11, "8,919"),  # thousands group or decimal?
            (7, 11, "1.234.5"),  # not a number
            (9, 10, "-5"),  # implausible
            (10, 19, "5S; Kaizen ;Bogus"),  # a list item not allowed
            (11, 20, " iso 9001 ;HACCP"),  # allowed after folding case and spaces
            (12, 7, "  ngoài   nhà nước "),  # allowed after folding spaces
            (13, 11, ""),  # required and missing
            (15, 5, "3032"),  # commune of the wrong shape
            (16, 6, ""),  # optional district left empty
            (23, 11, "abc Công ty TNHH"),  # text in a number
        ]:
            rows[number][column] = value
        rows[0].append("cot_la")  # a column the contract does not know
        for line in rows[1:]:
            line.append("x")
        rows.append(list(rows[30]))  # a duplicate enterprise-year

    _rewrite_csv(target / SURVEY / "dieu_tra_doanh_nghiep_2016.csv", survey_2016)

    workbook = openpyxl.load_workbook(target / SURVEY / "dieu_tra_doanh_nghiep_2020.xlsx")
    sheet = workbook.active
    assert sheet is not None
    sheet.cell(3, 9).value = 4.5  # not a whole number of employees
    sheet.cell(4, 12).value = -3.0  # implausible revenue
    sheet.cell(5, 5).value = "99999"  # no such VSIC code
    sheet.cell(7, 1).value = sheet.cell(8, 1).value  # a duplicate tax code
    workbook.save(target / SURVEY / "dieu_tra_doanh_nghiep_2020.xlsx")

    registry = next((target / "research_registry").glob("*.xlsx"))
    workbook = openpyxl.load_workbook(registry)
    tasks, recipients = workbook["NHIEM_VU"], workbook["DON_VI_TIEP_NHAN"]
    tasks.cell(3, 3).value = "Không rõ"  # not a theme of the list
    tasks.cell(5, 10).value = -1.0  # implausible budget
    tasks.cell(6, 2).value = "Nghiên cứu của TS. Nguyễn Văn An, liên hệ 0912 345 678"  # personal
    recipients.cell(3, 2).value = "Cá nhân"  # not a recipient type of the list
    recipients.cell(5, 3).value = None  # required and missing
    workbook.save(registry)
    return target


@pytest.fixture(scope="module")
def refreshed_and_baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[RefreshRun, Path]:
    folder = tmp_path_factory.mktemp("bench_baseline")
    landing = defective_landing(folder / "landing")
    run = run_refresh(folder / "refresh", landing)
    assert run.returncode == 0, run.output
    run_baseline(PROJECT_ROOT, landing, folder / "baseline")
    return run, folder / "baseline" / DATABASE_NAME


def quarantined(database: Path) -> int:
    """Rows in every raw.*_quarantine table of ``database``."""
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = connection.execute(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE schema_name = 'raw' AND table_name LIKE '%quarantine'"
        ).fetchall()
        total = 0
        for (table,) in tables:
            row = connection.execute(f"SELECT count(*) FROM raw.{table}").fetchone()
            total += int(row[0]) if row else 0
        return total


def test_the_baseline_quarantines_and_publishes_what_the_refresh_does(
    refreshed_and_baseline: tuple[RefreshRun, Path],
) -> None:
    run, baseline = refreshed_and_baseline
    # the defects above, counted by hand: 12 rows of the 2016 file and its duplicate, 4 rows of
    # the 2020 workbook, 2 task and 2 recipient rows (the rows folded into an allowed value,
    # the empty district and the personal text, screened, are loaded)
    assert quarantined(run.warehouse) == 12 + 1 + 4 + 2 + 2, run.output
    assert quarantined(baseline) == quarantined(run.warehouse)
    assert [str(m) for m in compare_with_refresh(baseline, run.warehouse.parent)] == []


def test_the_comparison_sees_one_figure_off_by_one_ten_millionth(
    refreshed_and_baseline: tuple[RefreshRun, Path], tmp_path: Path
) -> None:
    run, baseline = refreshed_and_baseline
    changed = tmp_path / DATABASE_NAME
    shutil.copy(baseline, changed)
    with duckdb.connect(str(changed)) as connection:
        connection.execute(
            "UPDATE marts.fct_labour_productivity SET labour_productivity_current_mvnd = "
            "labour_productivity_current_mvnd * (1 + 1e-7) WHERE rowid = 5"
        )
    mismatches = compare_with_refresh(changed, run.warehouse.parent)
    assert [(m.table, m.column) for m in mismatches] == [
        ("marts.fct_labour_productivity", "labour_productivity_current_mvnd")
    ]
