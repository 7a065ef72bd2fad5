"""The productivity report (pipelines/lib/report): its numbers, its notes, its disclosure control
and its offline folder, checked against SQL written here on the published marts.

The browser test (tests/test_report_browser.py) opens the pages in Chromium; these tests read
the files themselves.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipelines.lib.report import write_report
from tests.conftest import RefreshRun, published_file

BOM = b"\xef\xbb\xbf"

# quality.* as the publication writes it (the definitions the report reads); the rows are a
# small made-up history: two refreshes, the second with one failing check
QUALITY_SCHEMA = """
CREATE SCHEMA quality;
CREATE TABLE quality.check_history (checked_at TIMESTAMPTZ, dagster_run_id VARCHAR,
    check_name VARCHAR, check_kind VARCHAR, asset_key VARCHAR, detail VARCHAR, passed BOOLEAN,
    observed_value VARCHAR, threshold VARCHAR, rows_checked BIGINT, data_version VARCHAR);
CREATE TABLE quality.file_loads (source VARCHAR, partition_key VARCHAR, source_file VARCHAR,
    sheet VARCHAR, target_table VARCHAR, status VARCHAR, reason VARCHAR, rows_in BIGINT,
    rows_loaded BIGINT, rows_quarantined BIGINT, rows_duplicate BIGINT, rows_derived BIGINT,
    notes VARCHAR, data_origin VARCHAR, loaded_at TIMESTAMPTZ);
CREATE TABLE quality.quarantine_reasons (source VARCHAR, source_file VARCHAR,
    target_table VARCHAR, reason VARCHAR, rows BIGINT);
INSERT INTO quality.check_history VALUES
  ('2026-01-01 01:00:00+00', 'run-a', 'lp_not_null', 'great_expectations',
   'marts/fct_labour_productivity', NULL, true, '0', '0', 353, 'v1'),
  ('2026-01-01 01:00:05+00', 'run-a', 'unique_grain', 'sqlmesh_audit',
   'marts/fct_shift_share', NULL, true, '0', '0', 47, 'v1'),
  ('2026-02-01 01:00:00+00', 'run-b', 'lp_not_null', 'great_expectations',
   'marts/fct_labour_productivity', NULL, true, '0', '0', 353, 'v2'),
  ('2026-02-01 01:00:03+00', 'run-b', '<b>median_in_range</b>', 'great_expectations',
   'marts/fct_enterprise_productivity', 'median above 100000', false, '123456', '100000',
   243, 'v2'),
  ('2026-02-01 01:00:05+00', 'run-b', 'unique_grain', 'sqlmesh_audit',
   'marts/fct_shift_share', NULL, true, '0', '0', 47, 'v2');
INSERT INTO quality.file_loads VALUES
  ('yearbook', '2024', 'nien_giam_2024.xlsx', 'GRDP_HH', 'raw.yearbook_cells', 'loaded', NULL,
   120, 118, 2, 0, 0, NULL, 'synthetic', '2026-02-01 00:59:00+00'),
  ('enterprise_survey', '2024', 'dieu_tra_2024.csv', NULL, 'raw.enterprise_survey', 'loaded',
   NULL, 1300, 1277, 20, 3, 0, NULL, 'synthetic', '2026-02-01 00:59:10+00'),
  ('enterprise_survey', '2023', 'ban_sao.csv', NULL, NULL, 'not_taken',
   'a copy of dieu_tra_2023.csv', 0, 0, 0, 0, 0, NULL, 'synthetic', '2026-02-01 00:59:20+00');
INSERT INTO quality.quarantine_reasons VALUES
  ('yearbook', 'nien_giam_2024.xlsx', 'raw.yearbook_cells', 'value is not a number', 2),
  ('enterprise_survey', 'dieu_tra_2024.csv', 'raw.enterprise_survey',
   'average employees negative', 12),
  ('enterprise_survey', 'dieu_tra_2024.csv', 'raw.enterprise_survey', 'tax code invalid', 8);
"""


def with_quality_tables(database: Path, target: Path) -> Path:
    """A copy of ``database`` whose schema quality holds the rows of QUALITY_SCHEMA."""
    shutil.copy(database, target)
    with duckdb.connect(str(target)) as connection:
        connection.execute("DROP SCHEMA IF EXISTS quality CASCADE")
        connection.execute(QUALITY_SCHEMA)
    return target


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), f"{path.name} has no byte-order mark"
    return list(csv.DictReader(io.StringIO(raw[len(BOM) :].decode("utf-8"))))


def figures(page: Path) -> dict[str, dict[str, Any]]:
    """Every Plotly figure of a page, by chart id: its data and layout, read from the page."""
    text = page.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r'Plotly\.newPlot\(\s*"([^"]+)",\s*', text):
        decoder = json.JSONDecoder()
        data, end = decoder.raw_decode(text, match.end())
        rest = text[end:].lstrip().removeprefix(",").lstrip()
        layout, _ = decoder.raw_decode(rest)
        found[match.group(1)] = {"data": data, "layout": layout}
    return found


@pytest.fixture(scope="module")
def published(refreshed: RefreshRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's published file, with a quality schema of known rows."""
    folder = tmp_path_factory.mktemp("report-source")
    return with_quality_tables(published_file(refreshed), folder / "productivity_marts.duckdb")


@pytest.fixture(scope="module")
def report(published: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("report") / "report"
    return out, write_report(published, out)


def test_empty_release_shows_no_data_instead_of_empty_plots(tmp_path: Path) -> None:
    """A release without any mart still gives every page, each chart saying "no data"."""
    database = tmp_path / "empty.duckdb"
    duckdb.connect(str(database)).close()
    summary = write_report(database, tmp_path / "report")
    assert summary["charts_without_data"]
    for page in summary["pages"]:
        text = (tmp_path / "report" / page).read_text(encoding="utf-8")
        assert "Plotly.newPlot" not in text
    quality = (tmp_path / "report" / "data-quality.html").read_text(encoding="utf-8")
    assert "Không có số liệu · No data" in quality
    assert (tmp_path / "report" / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    # an empty chart still has its CSV: a header and nothing else
    for name in summary["charts_without_data"]:
        assert len(read_csv(tmp_path / "report" / "data" / f"{name}.csv")) == 0
    with pytest.raises(FileExistsError):
        write_report(database, tmp_path / "report")


@pytest.mark.slow
def test_chart_numbers_are_the_marts_numbers(report: tuple[Path, dict], published: Path) -> None:
    out, summary = report
    assert summary["csv_files"] == summary["charts"] == len(list((out / "data").glob("*.csv")))
    rows = read_csv(out / "data" / "lp_level_constant.csv")
    with duckdb.connect(str(published), read_only=True) as connection:
        expected = connection.execute(
            "SELECT year, labour_productivity_constant_2010_mvnd "
            "FROM marts.fct_labour_productivity "
            "WHERE geography_code = '89' AND sector_code = 'TOTAL' ORDER BY year"
        ).fetchall()
        country = connection.execute(
            "SELECT year, labour_productivity_constant_2010_mvnd "
            "FROM marts.fct_official_labour_productivity WHERE geography_code = 'VN' "
            "AND sector_code = 'TOTAL' AND labour_productivity_constant_2010_mvnd IS NOT NULL "
            "ORDER BY year"
        ).fetchall()
        decision36 = connection.execute(
            "SELECT geography_code, target_code, value, band_low, band_high, target_value "
            "FROM marts.fct_decision36_progress WHERE measure = 'tfp_share_of_growth' "
            "ORDER BY ALL"
        ).fetchall()
    province = [(int(r["year"]), float(r["value"])) for r in rows if r["geography_code"] == "89"]
    assert province == expected
    assert [
        (int(r["year"]), float(r["value"])) for r in rows if r["geography_code"] == "VN"
    ] == country
    assert {r["data_origin"] for r in rows if r["geography_code"] == "VN"} == {"real"}
    d36 = read_csv(out / "data" / "d36_tfp_share.csv")
    assert sorted(
        (
            r["geography_code"],
            r["target_code"],
            float(r["value"]),
            float(r["band_low"]),
            float(r["band_high"]),
            float(r["target_value"]),
        )
        for r in d36
    ) == sorted(decision36)
    # the figure plots the CSV's numbers: the province's trace is the mart's series
    plotted = figures(out / "labour-productivity.html")["chart-lp_level_constant"]["data"]
    assert tuple(zip(plotted[0]["x"], plotted[0]["y"], strict=True)) == tuple(expected)


@pytest.mark.slow
def test_footnotes_state_price_basis_breaks_and_synthetic_data(report: tuple[Path, dict]) -> None:
    out, _ = report
    page = (out / "labour-productivity.html").read_text(encoding="utf-8")
    growth = page[page.index('id="lp_real_growth"') :]
    growth = growth[: growth.index("</section>")]
    assert "Giá so sánh 2010 (năm gốc 2010)" in growth
    assert "constant 2010 prices (base year 2010)" in growth
    # the 2020 employment-definition break, read from the rows flagged B
    assert re.search(r"B — [^<]*2020", growth)
    assert "MÔ PHỎNG" in growth and "SYNTHETIC" in growth
    figure = figures(out / "labour-productivity.html")["chart-lp_real_growth"]
    # the country's official series is marked real, the province's synthetic
    legend = [trace["name"] for trace in figure["data"]]
    assert legend[-1].endswith("[thật · real]") and "[mô phỏng · synthetic]" in legend[0]
    annotations = " ".join(a["text"] for a in figure["layout"]["annotations"])
    assert "SYNTHETIC DATA" in annotations and "series break" in annotations
    # growth across the break is withheld in the mart: the point is a gap, not a zero
    province = figure["data"][0]
    assert dict(zip(province["x"], province["y"], strict=True))[2020] is None
    assert '<html lang="vi">' in page
    for name in ("index.html", "enterprises.html", "data-quality.html"):
        assert 'href="labour-productivity.html"' in (out / name).read_text(encoding="utf-8")


@pytest.mark.slow
def test_hidden_cells_never_reach_a_chart_or_a_file(
    report: tuple[Path, dict], published: Path, refreshed: RefreshRun
) -> None:
    """The cells disclosure control hides are named in a note, empty in the CSV, absent from
    every figure; and their true values (computed here from the warehouse's enterprise rows,
    which are never published) appear in no file of the report."""
    out, _ = report
    with duckdb.connect(str(published), read_only=True) as connection:
        hidden = connection.execute(
            "SELECT breakdown_code, survey_year FROM marts.fct_enterprise_productivity "
            "WHERE breakdown = 'section' AND conf_status <> 'F' "
            "AND survey_year = (SELECT max(survey_year) FROM marts.fct_enterprise_productivity)"
        ).fetchall()
        names = dict(
            connection.execute(
                "SELECT sector_code, name_en FROM marts.dim_sector "
                "WHERE classification = 'vsic_2018' AND level = 1"
            ).fetchall()
        )
    assert hidden, "the sample has suppressed VSIC sections"
    rows = {
        (r["breakdown_code"], int(r["survey_year"])): r
        for r in read_csv(out / "data" / "ent_distribution_section.csv")
    }
    figure = figures(out / "enterprises.html")["chart-ent_distribution_section"]
    categories = " ".join(str(y) for trace in figure["data"] for y in trace["y"])
    page = (out / "enterprises.html").read_text(encoding="utf-8")
    for code, year in hidden:
        row = rows[(code, year)]
        assert row["enterprise_count"]  # the count is published, the measures are not
        for measure in (
            "labour_productivity_mvnd",
            "labour_productivity_p10_mvnd",
            "labour_productivity_median_mvnd",
            "labour_productivity_p90_mvnd",
            "frontier_labour_productivity_mvnd",
        ):
            assert row[measure] == ""
        assert names[code] not in categories
        assert "Ô bị ẩn do bảo mật thống kê" in page

    # the values the mart hides, from the warehouse's enterprise-level rows
    with duckdb.connect(str(refreshed.warehouse), read_only=True) as warehouse:
        secrets = warehouse.execute(
            """
            SELECT sum(value_added_mvnd) / sum(average_employees),
                   quantile_cont(labour_productivity_mvnd, 0.5),
                   quantile_cont(labour_productivity_mvnd, 0.1),
                   quantile_cont(labour_productivity_mvnd, 0.9)
            FROM intermediate.int_enterprise_years_measured
            WHERE section_code = ? AND survey_year = ?
            """,
            [hidden[0][0], hidden[0][1]],
        ).fetchone()
    assert secrets and secrets[0] is not None
    texts = [
        p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".csv")
    ]
    for secret in secrets:
        for spelling in (repr(secret), f"{secret:.6g}", f"{secret:.2f}".replace(".", ",")):
            assert not any(spelling in t for t in texts), spelling


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value is not None:
                self.references.append((tag, name, value))


@pytest.mark.slow
def test_the_folder_works_offline(report: tuple[Path, dict]) -> None:
    out, summary = report
    for page in summary["pages"]:
        text = (out / page).read_text(encoding="utf-8")
        parser = _Links()
        parser.feed(text)
        scripts = [v for tag, _, v in parser.references if tag == "script"]
        assert scripts == ["assets/plotly.min.js"]
        for tag, _, value in parser.references:
            assert not re.match(r"^([a-z]+:)?//", value), (page, tag, value)
            assert (out / value.split("#")[0]).is_file(), (page, value)
        # nothing in a page names a web address: no CDN, no web font, no plotly cloud link
        assert "http://" not in text and "https://" not in text, page
        assert "mathjax" not in text.lower()
        if "Plotly.newPlot" in text:  # no plotly logo linking to plotly's site
            assert text.count('"displaylogo": false') == text.count("Plotly.newPlot")
    assert len(list((out / "assets").iterdir())) == 1


@pytest.mark.slow
def test_the_quality_page_reads_the_quality_schema(report: tuple[Path, dict]) -> None:
    out, summary = report
    latest = read_csv(out / "data" / "dq_checks_latest.csv")
    assert {r["dagster_run_id"] for r in latest} == {"run-b"}
    assert sorted(r["passed"] for r in latest) == ["false", "true", "true"]
    history = read_csv(out / "data" / "dq_checks_history.csv")
    assert [(r["dagster_run_id"], r["passed"], r["failed"]) for r in history] == [
        ("run-a", "2", "0"),
        ("run-b", "2", "1"),
    ]
    reasons = read_csv(out / "data" / "dq_quarantine_reasons.csv")
    assert sum(int(r["rows"]) for r in reasons) == 22
    page = (out / "data-quality.html").read_text(encoding="utf-8")
    # a check's name is data: escaped where it enters the page
    assert "&lt;b&gt;median_in_range&lt;/b&gt;" in page
    assert "<b>median_in_range</b>" not in page
    assert "a copy of dieu_tra_2023.csv" in page  # the file not taken, and why
    assert set(summary["charts_without_data"]) <= {"rev_releases"}


@pytest.mark.slow
def test_same_database_same_bytes(report: tuple[Path, dict], published: Path, tmp_path: Path):
    out, _ = report
    again = tmp_path / "again"
    write_report(published, again)

    def digest(folder: Path) -> dict[str, str]:
        return {
            str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        }

    assert digest(again) == digest(out)
