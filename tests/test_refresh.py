"""A full refresh from the shipped sample, checked against figures computed independently.

The expected values are read straight from the sample files with openpyxl and the csv
module (not with the project's readers) and combined by hand: labour productivity in million
VND per worker is GRDP in billion VND divided by employment in thousand persons.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import duckdb
import openpyxl
import pytest

from tests.conftest import (
    SAMPLE_SOURCES,
    RefreshRun,
    copy_of,
    published_file,
    release_snapshot,
    run_refresh,
)
from tests.contract_headers import FULL, SHORT

pytestmark = pytest.mark.slow

LATEST_AN_GIANG = SAMPLE_SOURCES / "statistics_office" / "an_giang_89_nien_giam_2024.xlsx"


def yearbook_row(path: Path, sheet: str, label: str) -> dict[int, float]:
    """{year: value} of one labelled row, read cell by cell."""
    worksheet = openpyxl.load_workbook(path, data_only=True)[sheet]
    rows = list(worksheet.iter_rows(values_only=True))
    header = next(r for r in rows if any(isinstance(c, int) and 2000 < c < 2100 for c in r[1:]))
    years = [int(re.search(r"\d{4}", str(c)).group()) if c else None for c in header]
    row = next(r for r in rows if r[0] == label)
    return {
        y: float(v) for y, v in zip(years, row, strict=False) if y and isinstance(v, int | float)
    }


def query(run: RefreshRun, sql: str) -> list[tuple]:
    with duckdb.connect(str(run.warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_refresh_builds_raw_staging_intermediate_and_mart_tables(refreshed: RefreshRun) -> None:
    schemas = {
        row[0]
        for row in query(refreshed, "SELECT DISTINCT table_schema FROM information_schema.tables")
    }
    assert {"raw", "staging", "intermediate", "marts"} <= schemas
    (checks,) = re.findall(r"^Checks: (\d+) passed, (\d+) failed$", refreshed.output, re.MULTILINE)
    assert int(checks[0]) > 90 and checks[1] == "0"
    assert "WARNING" not in refreshed.output  # the sample quarantines nothing, takes every file


def test_province_labour_productivity_matches_the_yearbook(refreshed: RefreshRun) -> None:
    grdp = yearbook_row(LATEST_AN_GIANG, "GRDP_HH", "TỔNG SỐ")
    grdp_real = yearbook_row(LATEST_AN_GIANG, "GRDP_SS", "TỔNG SỐ")
    workers = yearbook_row(LATEST_AN_GIANG, "LAO_DONG", "TỔNG SỐ")
    rows = query(
        refreshed,
        "SELECT year, labour_productivity_current_mvnd, labour_productivity_constant_2010_mvnd, "
        "labour_productivity_real_growth_pct, edition, obs_status "
        "FROM marts.fct_labour_productivity "
        "WHERE geography_code = '89' AND sector_code = 'TOTAL' AND year IN (2020, 2024) "
        "ORDER BY year",
    )
    assert [r[0] for r in rows] == [2020, 2024]
    for year, lp_current, lp_real, growth, edition, obs_status in rows:
        assert edition == 2024
        assert lp_current == pytest.approx(grdp[year] / workers[year], rel=1e-12)
        assert lp_real == pytest.approx(grdp_real[year] / workers[year], rel=1e-12)
        if year == 2020:
            # the first year on the revised employment definition: the growth from 2019 is not
            # comparable, so it is withheld and the row is flagged B (series break)
            assert (growth, obs_status) == (None, "B")
            continue
        previous = grdp_real[year - 1] / workers[year - 1]
        assert growth == pytest.approx(
            (grdp_real[year] / workers[year] / previous - 1) * 100, rel=1e-9
        )


def test_latest_edition_wins_for_revised_years(refreshed: RefreshRun) -> None:
    old = yearbook_row(
        SAMPLE_SOURCES / "statistics_office" / "an_giang_89_nien_giam_2023.xlsx",
        "GRDP_SS",
        "TỔNG SỐ",
    )
    new = yearbook_row(LATEST_AN_GIANG, "GRDP_SS", "TỔNG SỐ")
    assert old[2023] != new[2023]  # the sample revises 2023 in the 2024 edition
    (value,) = query(
        refreshed,
        "SELECT value FROM intermediate.int_yearbook_series_latest WHERE geography_code = '89' "
        "AND table_code = 'GRDP_SS' AND sector_code = 'TOTAL' AND year = 2023",
    )[0]
    assert value == pytest.approx(new[2023] * 1000)  # billion VND -> million VND
    editions = query(
        refreshed,
        "SELECT DISTINCT edition FROM staging.stg_statistics_office__yearbook_cells ORDER BY 1",
    )
    assert {2023, 2024} <= {e for (e,) in editions}


def key_sector(vsic: str) -> str:
    """The key-sector group of a VSIC code, from sources/reference/key_sectors.csv."""
    with (SAMPLE_SOURCES / "reference" / "key_sectors.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if vsic.startswith(row["vsic_code"]):
                return row["key_sector_group"]
    return "other"


def test_real_official_series_are_published_marked_real(refreshed: RefreshRun) -> None:
    # Hand-read from the PX-Web downloads in sources/statistics_office_pxweb/.
    with duckdb.connect(str(published_file(refreshed)), read_only=True) as connection:
        rows = {
            (g, y): (lp, e, published, tables, origin)
            for g, y, lp, e, published, tables, origin in connection.execute(
                "SELECT geography_code, year, labour_productivity_current_mvnd, "
                "employment_persons, labour_productivity_is_published, source_tables, data_origin "
                "FROM marts.fct_official_labour_productivity WHERE sector_code = 'TOTAL'"
            ).fetchall()
        }
        sections = dict(
            connection.execute(
                "SELECT sector_code, labour_productivity_current_mvnd "
                "FROM marts.fct_official_labour_productivity "
                "WHERE geography_code = 'VN' AND year = 2010 AND sector_code IN ('A', 'TOTAL')"
            ).fetchall()
        )
        revision = connection.execute(
            "SELECT value_from, value_to FROM marts.fct_official_revisions "
            "WHERE indicator = 'population' AND geography_code = '89' AND year = 2015"
        ).fetchall()
        origins = connection.execute(
            "SELECT DISTINCT data_origin FROM marts.fct_labour_productivity"
        ).fetchall()
    assert rows[("89", 2024)][:3] == (140.11, pytest.approx(900_660), True)
    assert rows[("91_pre2025", 2022)][0] == 128.18
    assert rows[("VN", 2024)][0] == 221.95
    assert all(r[4] == "real" for r in rows.values())
    assert "E02.58" in rows[("89", 2024)][3] and "E02.45" in rows[("89", 2024)][3]
    # the merged province's comparable series: employment and value added add up, the ratio is
    # derived from the sums: (140.11 x 900.66 + 158.84 x 901.58) / (900.66 + 901.58)
    lp, employment, published, _, _ = rows[("91_comparable", 2024)]
    assert employment == pytest.approx(1_802_240)
    assert lp == pytest.approx((140.11 * 900.66 + 158.84 * 901.58) / 1802.24, rel=1e-9)
    assert published is False
    # the whole country by section, 2010: GDP 396,576 / 24,279.0 thousand employed (section A)
    assert sections["A"] == pytest.approx(396_576 / 24_279.0, rel=1e-9)
    assert sections["TOTAL"] == pytest.approx(2_157_828 / 49_048.5, rel=1e-9)
    # two vintages of one figure, both kept: An Giang's 2015 population before and after the
    # 2019 census revision
    assert revision == [(pytest.approx(2_158_300), pytest.approx(2_000_900))]
    assert origins == [("synthetic",)]


def test_enterprise_counts_match_the_survey_file(refreshed: RefreshRun) -> None:
    with (SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2019.csv").open(
        encoding="utf-8"
    ) as handle:
        expected = Counter(key_sector(row[SHORT["vsic_code"]]) for row in csv.DictReader(handle))
    (quarantined,) = query(
        refreshed,
        "SELECT rows_quarantined FROM raw.load_log "
        "WHERE source_file = 'dieu_tra_doanh_nghiep_2019.csv'",
    )[0]
    assert quarantined == 0
    rows = dict(
        query(
            refreshed,
            "SELECT breakdown_code, enterprise_count FROM marts.fct_enterprise_productivity "
            "WHERE breakdown = 'key_sector' AND survey_year = 2019",
        )
    )
    assert rows == dict(expected)


def test_every_registry_task_is_counted_once(refreshed: RefreshRun) -> None:
    workbook = openpyxl.load_workbook(
        SAMPLE_SOURCES / "research_registry" / "ket_qua_nhiem_vu_khcn_2016_2020.xlsx",
        read_only=True,
    )
    tasks = [r for r in workbook["NHIEM_VU"].iter_rows(min_row=2, values_only=True) if r[0]]
    ((total,),) = query(
        refreshed, "SELECT sum(task_count) FROM marts.fct_research_results_by_theme"
    )
    assert total == len(tasks) >= 72


def test_rows_in_equal_rows_loaded_plus_quarantined_for_every_file(refreshed: RefreshRun) -> None:
    rows = query(
        refreshed,
        "SELECT source_file, sheet, status, rows_in, rows_loaded, rows_quarantined, "
        "rows_duplicate FROM raw.load_log",
    )
    delivered = (
        "statistics_office",
        "statistics_office_pxweb",
        "enterprise_survey",
        "research_registry",
    )
    files = {
        p.name
        for s in delivered
        for p in (SAMPLE_SOURCES / s).glob("*")
        if p.suffix in (".csv", ".xlsx", ".json")
    }
    assert {r[0] for r in rows} == files
    assert {r[2] for r in rows} == {"loaded"}  # the sample has no file a source does not take
    derived = dict(
        query(refreshed, "SELECT source_file, sum(rows_derived) FROM raw.load_log GROUP BY 1")
    )
    for name, rows_in, loaded, quarantined, duplicate, rows_derived in query(
        refreshed,
        "SELECT source_file, rows_in, rows_loaded, rows_quarantined, rows_duplicate, "
        "rows_derived FROM raw.load_log",
    ):
        assert rows_in == loaded + quarantined + duplicate + rows_derived, name
    # PX-Web: rows in counted here by hand from the files. E02.58 and E02.45: 70 areas x 7
    # years; the GDP table at current prices: 22 activity rows x 12 years x 2 items, of which
    # the "Structure (%)" half is derived and not loaded
    by_name = {r[0]: r[3:6] for r in rows}
    assert by_name["24_labour_productivity_by_province_2018_2024__2026-06-21.xlsx"] == (490, 490, 0)
    gdp = "Gross domestic product at current prices by kinds of economic activity__2018-09-30.csv"
    assert by_name[gdp] == (528, 264, 0) and derived[gdp] == 264
    # rows in, counted here with the csv module and openpyxl
    survey = SAMPLE_SOURCES / "enterprise_survey"
    by_file = {(r[0], r[1]): r[3] for r in rows}
    for path in survey.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            assert by_file[(path.name, None)] == sum(1 for _ in csv.reader(handle)) - 1
    workbook = openpyxl.load_workbook(survey / "dieu_tra_doanh_nghiep_2020.xlsx", read_only=True)
    sheet = workbook.worksheets[0]
    assert by_file[("dieu_tra_doanh_nghiep_2020.xlsx", sheet.title)] == sheet.max_row - 1
    # the DAN_SO table delivered twice (in the workbook and as a CSV): recognised, not quarantined
    (csv_copy,) = [r for r in rows if r[0].endswith("_DAN_SO.csv")]
    assert csv_copy[3:] == (75, 0, 0, 75)  # 5 rows x 15 years
    assert sum(r[5] for r in rows) == 0


def test_no_tax_code_name_or_phone_reaches_the_warehouse(refreshed: RefreshRun) -> None:
    tax_code = re.compile(r"^\d{10}(-\d{3})?$")
    with (SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2024.csv").open(
        encoding="utf-8"
    ) as handle:
        survey = list(csv.DictReader(handle))
    personal = {
        r[c] for r in survey for c in (FULL["enterprise_name"], FULL["phone"], FULL["address"])
    }
    assert len(personal) > 1000
    columns = query(
        refreshed,
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'VARCHAR' "
        "AND table_schema IN ('raw', 'staging', 'intermediate', 'marts')",
    )
    assert columns
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as connection:
        for schema, table, column in columns:
            values = connection.execute(
                f'SELECT DISTINCT "{column}" FROM {schema}."{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            leaked = [v for (v,) in values if tax_code.match(str(v)) or v in personal]
            assert not leaked, f"{schema}.{table}.{column} holds personal data, e.g. {leaked[:2]}"


def test_failing_expectation_blocks_the_publication_and_the_refresh_reports_it(
    tmp_path: Path, landing_copy: Path, refreshed: RefreshRun
) -> None:
    # Twice as many enterprises in the 2024 yearbook as the survey counts: every figure is
    # readable and plausible, so ingest loads it and the models build, but the blocking
    # reconciliation suite (survey counts within 15 % of the yearbook's) fails.
    copy_of(refreshed, tmp_path / "run")
    before = release_snapshot(copy_of(refreshed, tmp_path / "before"))
    path = landing_copy / "statistics_office" / "an_giang_89_nien_giam_2024.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["DOANH_NGHIEP"]
    for row in sheet.iter_rows(min_row=4):
        cell = row[sheet.max_column - 1]  # the 2024 column
        if isinstance(cell.value, int | float):
            cell.value = 2 * cell.value
    workbook.save(path)

    run = run_refresh(tmp_path / "run", landing=landing_copy)

    assert run.returncode != 0
    assert "✘ check gx_reconciliations on intermediate/int_quality_reconciliations" in run.output
    assert "expect_column_values_to_be_between(difference_in_tolerances)" in run.output
    (not_run,) = [line for line in run.output.splitlines() if line.startswith("Not run because")]
    assert "published__release" in not_run
    assert release_snapshot(run) == before


def test_a_yearbook_that_disagrees_with_the_statistics_office_is_not_published(
    tmp_path: Path, landing_copy: Path, refreshed: RefreshRun
) -> None:
    # The office's own labour productivity of old Kiên Giang in 2022 (PX-Web E02.58, 128.18
    # million VND per worker) raised by 2 %: the yearbook's GRDP / employment (116,118 billion
    # VND / 905.9 thousand = 128.1797) no longer agrees within rounding.
    copy_of(refreshed, tmp_path / "run")
    before = release_snapshot(copy_of(refreshed, tmp_path / "before"))
    path = next((landing_copy / "statistics_office_pxweb").glob("24_labour_productivity*.xlsx"))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["E02.58"]
    (row,) = [r for r in sheet.iter_rows() if r[0].value == "Kien  Giang"]
    assert row[5].value == 128.18  # the 2022 column, as downloaded
    row[5].value = round(128.18 * 1.02, 2)
    workbook.save(path)

    run = run_refresh(tmp_path / "run", landing=landing_copy)

    assert run.returncode != 0
    assert "✘ check gx_reconciliations on intermediate/int_quality_reconciliations" in run.output
    assert "check_code=yearbook_vs_official_labour_productivity" in run.output
    assert "geography_code=91_pre2025, table_code=E02.58" in run.output
    assert "year=2022, observed=128.1797" in run.output and "expected=130.74" in run.output
    # half the published unit + the yearbook's rounding propagated through the ratio, by hand:
    # 0.005 + 128.1797 × (0.5 / 116,118 + 0.05 / 905.9) = 0.012627
    assert "tolerance=0.01262" in run.output
    assert release_snapshot(run) == before


def test_a_negative_figure_is_quarantined_and_the_previous_edition_stands(
    refreshed: RefreshRun, tmp_path: Path, landing_copy: Path
) -> None:
    path = landing_copy / "statistics_office" / "an_giang_89_nien_giam_2024.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["GRDP_HH"]
    total_row = next(r for r in sheet.iter_rows(min_row=1) if r[0].value == "TỔNG SỐ")
    total_row[5].value = -1.0  # 2014
    workbook.save(path)
    copy_of(refreshed, tmp_path / "run")
    run = run_refresh(tmp_path / "run", landing=landing_copy)
    assert run.returncode == 0, run.output
    assert query(run, "SELECT quarantine_reason FROM raw.yearbook_quarantine") == [
        (
            "GRDP_HH at row 4, column F (2014): -1,000 million_vnd is outside the plausible "
            "range 0 to 20,000,000,000 (figure_million_vnd in models/seeds/plausible_ranges.csv)",
        )
    ]
    assert run.output.strip().splitlines()[-1] == (
        "WARNING: 1 rows quarantined: see above, raw.load_log and the raw.*_quarantine tables."
    )
    # ... and the release tells BI: the file's counts and the rule, in the published file
    with duckdb.connect(str(published_file(run)), read_only=True) as published:
        assert published.execute(
            "SELECT reason, rows FROM quality.quarantine_reasons WHERE source_file = ?",
            [path.name],
        ).fetchall() == [
            (
                "GRDP_HH: -1,000 million_vnd is outside the plausible range 0 to "
                "20,000,000,000 (figure_million_vnd in models/seeds/plausible_ranges.csv)",
                1,
            )
        ]
        assert published.execute(
            "SELECT sum(rows_quarantined) FROM quality.file_loads WHERE source_file = ?",
            [path.name],
        ).fetchone() == (1,)
    # 2014 now comes from the 2023 edition, the latest that publishes it
    ((edition, value),) = query(
        run,
        "SELECT edition, value FROM intermediate.int_yearbook_series_latest WHERE geography_code "
        "= '89' AND table_code = 'GRDP_HH' AND sector_code = 'TOTAL' AND year = 2014",
    )
    earlier = yearbook_row(
        SAMPLE_SOURCES / "statistics_office" / "an_giang_89_nien_giam_2023.xlsx",
        "GRDP_HH",
        "TỔNG SỐ",
    )
    assert (edition, value) == (2023, earlier[2014] * 1000)


def table_digest(run: RefreshRun, table: str) -> tuple[int, str]:
    """Row count and an order-independent checksum of every value of a table."""
    ((rows, digest),) = query(
        run, f"SELECT count(*), sum(hash(t)) ::VARCHAR FROM (SELECT * FROM {table}) AS t"
    )
    return rows, digest


def test_reloading_unchanged_files_changes_nothing_and_a_bad_file_loads_nothing(
    refreshed: RefreshRun, tmp_path: Path, landing_copy: Path
) -> None:
    # (that the survey suite validates only the year a refresh loaded is checked with the
    # incremental refreshes of tests/test_incremental_refresh.py)
    tables = [
        "raw.enterprise_survey",
        "raw.yearbook_cells",
        "raw.load_log",
        "marts.fct_labour_productivity",
    ]
    # the same files again, from another landing folder: nothing is reloaded or rebuilt
    loaded = copy_of(refreshed, tmp_path / "run")
    before = {t: table_digest(loaded, t) for t in tables}  # loaded_at included
    again = run_refresh(tmp_path / "run", landing=landing_copy)
    assert again.returncode == 0, again.output
    assert {t: table_digest(again, t) for t in tables} == before

    survey_2020 = landing_copy / "enterprise_survey" / "dieu_tra_doanh_nghiep_2020.xlsx"
    survey_2020.write_bytes(survey_2020.read_bytes()[:1000])  # a truncated delivery
    broken = run_refresh(tmp_path / "run", landing=landing_copy)
    assert broken.returncode != 0
    assert "dieu_tra_doanh_nghiep_2020.xlsx: not a readable .xlsx workbook" in broken.output
    assert {t: table_digest(broken, t) for t in tables} == before

    archive = tmp_path / "run" / "warehouse" / "restricted" / "archive" / "enterprise_survey"
    archived = sorted(p.name.split("__", 1)[1] for p in archive.iterdir())
    assert archived == sorted(
        p.name for p in (SAMPLE_SOURCES / "enterprise_survey").glob("dieu_tra_*")
    )


KIEN_GIANG = SAMPLE_SOURCES / "statistics_office" / "kien_giang_91_nien_giam_2024.xlsx"


def test_comparable_merged_province_series_adds_the_two_old_provinces(
    refreshed: RefreshRun,
) -> None:
    grdp = {
        y: v + yearbook_row(KIEN_GIANG, "GRDP_HH", "TỔNG SỐ")[y]
        for y, v in yearbook_row(LATEST_AN_GIANG, "GRDP_HH", "TỔNG SỐ").items()
    }
    workers = {
        y: v + yearbook_row(KIEN_GIANG, "LAO_DONG", "TỔNG SỐ")[y]
        for y, v in yearbook_row(LATEST_AN_GIANG, "LAO_DONG", "TỔNG SỐ").items()
    }
    ((lp,),) = query(
        refreshed,
        "SELECT labour_productivity_current_mvnd FROM marts.fct_labour_productivity "
        "WHERE geography_code = '91_comparable' AND sector_code = 'TOTAL' AND year = 2024",
    )
    assert lp == pytest.approx(grdp[2024] / workers[2024], rel=1e-12)


def test_revision_of_2023_growth_matches_the_published_revision(refreshed: RefreshRun) -> None:
    # Public figures (domain brief): old An Giang's 2023 growth was first published as 7.36 %
    # and later cited as 6.14 %; the sample's two editions carry exactly that revision.
    ((first, later, revision),) = query(
        refreshed,
        "SELECT growth_from_pct, growth_to_pct, growth_revision_pp "
        "FROM marts.fct_yearbook_revisions "
        "WHERE geography_code = '89' AND table_code = 'GRDP_SS' AND sector_code = 'TOTAL' "
        "AND year = 2023",
    )
    assert first == pytest.approx(7.36, abs=0.005)
    assert later == pytest.approx(6.14, abs=0.005)
    assert revision == pytest.approx(6.14 - 7.36, abs=0.01)


def test_shift_share_matches_the_yearbook_and_withholds_the_plan_across_the_break(
    refreshed: RefreshRun,
) -> None:
    labels = {
        "AGR": "Nông, lâm nghiệp và thủy sản",
        "IND": "Công nghiệp và xây dựng",
        "SRV": "Dịch vụ",
    }
    value_added = {
        s: yearbook_row(LATEST_AN_GIANG, "GRDP_SS", label) for s, label in labels.items()
    }
    workers = {s: yearbook_row(LATEST_AN_GIANG, "LAO_DONG", label) for s, label in labels.items()}
    taxes = yearbook_row(LATEST_AN_GIANG, "GRDP_SS", "Thuế sản phẩm trừ trợ cấp sản phẩm")

    def lp(year: int) -> float:
        total_workers = sum(workers[s][year] for s in labels)
        return (sum(value_added[s][year] for s in labels) + taxes[year]) / total_workers

    # 2023 -> 2024, both on the revised employment definition
    base, end = 2023, 2024
    p0, p1 = lp(base), lp(end)
    total0 = sum(workers[s][base] for s in labels)
    within = (
        sum(
            (value_added[s][end] / workers[s][end] - value_added[s][base] / workers[s][base])
            * workers[s][base]
            / total0
            for s in labels
        )
        / p0
    )
    ((total, within_pp, parts),) = query(
        refreshed,
        "SELECT total_growth_pct, within_effect_pp, within_effect_pp + static_shift_pp "
        "+ dynamic_shift_pp + tax_effect_pp FROM marts.fct_shift_share "
        f"WHERE geography_code = '89' AND period_code = 'consecutive_years' AND end_year = {end}",
    )
    assert total == pytest.approx(100 * (p1 / p0 - 1), rel=1e-9)
    assert within_pp == pytest.approx(100 * within, rel=1e-9)
    assert parts == pytest.approx(total, abs=1e-9)
    # the 2016-2020 plan spans the 2020 employment-definition break: levels kept, growth and
    # effects withheld, flagged B, the break named
    ((total, within_pp, lp0, obs_status, break_code),) = query(
        refreshed,
        "SELECT total_growth_pct, within_effect_pp, labour_productivity_base_year_mvnd, "
        "obs_status, break_code FROM marts.fct_shift_share "
        "WHERE geography_code = '89' AND period_code = '2016_2020'",
    )
    assert (total, within_pp, obs_status, break_code) == (
        None,
        None,
        "B",
        "employment_definition_2020",
    )
    assert lp0 == pytest.approx(lp(2015), rel=1e-9)


def test_officials_workbook_has_the_sheets_and_figures(refreshed: RefreshRun) -> None:
    path = refreshed.warehouse.parent / "published" / "bao_cao_nang_suat_an_giang.xlsx"
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames == [
        "Chỉ tiêu chính",
        "Biểu đồ NSLĐ",
        "Thủy sản",
        "Dệt may",
        "Quyết định 36",
        "Kết quả nghiên cứu",
        "Tác động chuyển giao",
        "Ghi chú",
    ]

    def table(sheet: str) -> tuple[tuple, list[tuple]]:
        """(header, rows below it) of a sheet's table: the header is the row that starts
        with its first column's name, below the titles."""
        rows = list(workbook[sheet].iter_rows(values_only=True))
        at = next(i for i, r in enumerate(rows) if r[0] in {"Chỉ tiêu", "Chủ đề"})
        return rows[at], rows[at + 1 :]

    header, textiles = table("Dệt may")
    assert header[:4] == ("Chỉ tiêu", "Đơn vị tính", "Loại giá", "Chiều đánh giá")
    row = next(r for r in textiles if r[header.index("Mã chỉ tiêu")] == "TX_VA_PER_WORKER")
    assert row[0] == "Giá trị tăng thêm trên lao động"
    assert row[1] == "triệu đồng/lao động"
    assert row[2] == "Giá so sánh 2010"

    # Independently: value added by the income method per average employee of the textile
    # and garment enterprises (VSIC 13, 14) in the 2024 survey file.
    columns = {
        "vsic": FULL["vsic_code"],
        "start": FULL["employees_start"],
        "end": FULL["employees_end"],
        "parts": (
            FULL["labour_cost"],
            FULL["depreciation"],
            FULL["production_taxes"],
            FULL["operating_profit"],
        ),
    }
    with (SAMPLE_SOURCES / "enterprise_survey" / "dieu_tra_doanh_nghiep_2024.csv").open(
        encoding="utf-8"
    ) as handle:
        firms = [
            r
            for r in csv.DictReader(handle)
            if key_sector(r[columns["vsic"]]) == "textiles_garments"
        ]
    value_added = sum(sum(float(f[c]) for c in columns["parts"]) for f in firms)
    employees = sum((int(f[columns["start"]]) + int(f[columns["end"]])) / 2 for f in firms)
    # at constant 2010 prices: deflated with the yearbook's GRDP deflator of industry and
    # construction (current / constant prices), the sector of textile and garment enterprises
    industry = "Công nghiệp và xây dựng"
    deflator = (
        yearbook_row(LATEST_AN_GIANG, "GRDP_HH", industry)[2024]
        / yearbook_row(LATEST_AN_GIANG, "GRDP_SS", industry)[2024]
    )
    assert row[header.index(2024)] == pytest.approx(value_added / employees / deflator, rel=1e-9)
    assert row[header.index("Đánh giá năm 2024")] in {"Đạt", "Đúng tiến độ", "Chậm tiến độ"}

    header, decision36 = table("Quyết định 36")
    geography, target = header.index("Mã địa bàn"), header.index("Mã mục tiêu")
    assert {(r[geography], r[target]) for r in decision36} == {
        (g, t)
        for g in ("89", "91_comparable")
        for t in ("lp_growth_2025", "lp_growth_2030", "tfp_share_2025", "tfp_share_2030")
    }
    header, research = table("Kết quả nghiên cứu")
    tasks = header.index("Số nhiệm vụ")
    themes = [r for r in research if r[0] != "Tổng số"]
    assert sum(r[tasks] for r in themes) == 75  # every registry task, once
    assert next(r for r in research if r[0] == "Tổng số")[tasks] == 75


def test_impact_of_research_transfers_reports_estimates_with_sample_sizes(
    refreshed: RefreshRun,
) -> None:
    rows = query(
        refreshed,
        "SELECT group_code, treated_enterprises, control_enterprises, estimate_log_points, "
        "ci95_low, ci95_high, is_suppressed FROM marts.fct_research_transfer_impact",
    )
    by_group = {r[0]: r for r in rows}
    assert "all" in by_group
    _, treated, controls, estimate, low, high, suppressed = by_group["all"]
    assert treated >= 3 and controls >= 3 and not suppressed
    assert low < estimate < high
    for _, treated, controls, estimate, _, _, suppressed in rows:
        assert suppressed == (treated < 3 or controls < 3)
        assert (estimate is None) == suppressed


def test_scorecards_cover_both_sectors_for_every_survey_year(refreshed: RefreshRun) -> None:
    rows = query(
        refreshed,
        "SELECT key_sector, count(DISTINCT indicator_code), min(year), max(year) "
        "FROM marts.fct_key_sector_scorecard WHERE data_source = 'enterprise_survey' GROUP BY 1",
    )
    assert {r[0]: (r[2], r[3]) for r in rows} == {
        "aquaculture": (2016, 2024),
        "textiles": (2016, 2024),
    }


def test_sector_total_10_percent_off_fails_the_refresh_and_keeps_the_publication(
    tmp_path: Path, landing_copy: Path, refreshed: RefreshRun
) -> None:
    first = copy_of(refreshed, tmp_path / "run")
    before = release_snapshot(first)

    path = landing_copy / "statistics_office" / "an_giang_89_nien_giam_2024.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["GRDP_HH"]
    header = next(r for r in sheet.iter_rows(min_row=1, max_row=6) if r[1].value == 2010)
    column = next(c.column - 1 for c in header if c.value == 2022)
    total = next(r for r in sheet.iter_rows(min_row=1) if r[0].value == "TỔNG SỐ")
    published_total = total[column].value
    total[column].value = round(published_total * 1.1, 1)  # the sector total 10 % off
    workbook.save(path)

    broken = run_refresh(tmp_path / "run", landing=landing_copy)
    assert broken.returncode != 0
    assert "assert_grdp_sectors_sum_to_total" in broken.output  # the check
    assert "intermediate.int_yearbook_series_latest" in broken.output  # the table
    assert f"published_total={round(published_total * 1.1, 1) * 1000}" in broken.output  # observed
    # the whole release, byte for byte: marts, Parquet, workbook, manifest
    assert release_snapshot(broken) == before
    assert {"productivity_marts.duckdb", "bao_cao_nang_suat_an_giang.xlsx"} <= set(before)
