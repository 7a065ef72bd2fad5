"""Tests of the synthetic-source generator (tools/synthetic) and the sample in sources/."""

from __future__ import annotations

import csv
import pathlib
import re
import sys

import openpyxl
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.synthetic import generate_sources  # noqa: E402
from tools.synthetic.enterprise_survey import (  # noqa: E402
    FULL_HEADERS,
    SHORT_HEADERS,
    survey_filename,
    survey_targets,
)

SOURCES = ROOT / "sources"
SECTOR_ROWS = ["Nông, lâm nghiệp và thủy sản", "Công nghiệp và xây dựng", "Dịch vụ"]
TAX = "Thuế sản phẩm trừ trợ cấp sản phẩm"
TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")


@pytest.fixture(scope="session")
def gen1(tmp_path_factory) -> tuple[pathlib.Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen1")
    written = generate_sources(out, scale=1, seed=2022)
    return out, written


@pytest.fixture(scope="session")
def gen5(tmp_path_factory) -> tuple[pathlib.Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen5")
    return out, generate_sources(out, scale=5, seed=2022)


# ---------------------------------------------------------------- helpers
def table(path: pathlib.Path, sheet: str) -> tuple[list, dict[str, list]]:
    """Return (header years, {label: values}) of a yearbook sheet."""
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[2][1:])
    data = {}
    for r in rows[3:]:
        if r[0] is None:
            break
        data[r[0]] = list(r[1 : len(header) + 1])
    return header, data


def year_index(header: list, year: int) -> int:
    for i, h in enumerate(header):
        if h in (year, f"Sơ bộ {year}"):
            return i
    raise KeyError(year)


def read_survey(path: pathlib.Path) -> list[list[str]]:
    if path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.reader(fh))
    ws = openpyxl.load_workbook(path, read_only=True)[f"DN{path.stem[-4:]}"]
    return [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]


def workbook_values(path: pathlib.Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


# ---------------------------------------------------------------- sample == generator
def test_committed_sample_is_reproduced(gen1):
    out, written = gen1
    for rel in written:
        committed, fresh = SOURCES / rel, out / rel
        assert committed.exists(), (
            f"missing committed sample file {rel}; run python -m tools.synthetic"
        )
        if fresh.suffix == ".csv":
            assert committed.read_bytes() == fresh.read_bytes(), rel
        else:
            assert workbook_values(committed) == workbook_values(fresh), rel
    # and nothing stale is lying around
    committed_files = {
        p.relative_to(SOURCES).as_posix()
        for d in ("statistics_office", "enterprise_survey", "research_registry")
        for p in (SOURCES / d).iterdir()
        if p.name not in ("README.md", "DATA_ORIGIN")
    }
    assert committed_files == set(written)


def test_deterministic(gen1, tmp_path):
    out, written = gen1
    again = generate_sources(tmp_path, scale=1, seed=2022)
    assert again == written
    for rel in written:
        assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


# ---------------------------------------------------------------- calibration
def test_grdp_calibration_anchors(gen1):
    out, _ = gen1
    so = out / "statistics_office"
    # GRDP at current prices = the statistics office's labour productivity (PX-Web E02.58) x
    # its employed persons (E02.45), both read by hand from the real downloads:
    # 92.31 x 962.30 = 88,829.9 (2020); 140.11 x 900.66 = 126,191.5 (2024) billion VND
    h, hh = table(so / "an_giang_89_nien_giam_2024.xlsx", "GRDP_HH")
    assert hh["TỔNG SỐ"][year_index(h, 2020)] == 88830
    assert hh["TỔNG SỐ"][year_index(h, 2024)] == 126191
    h, employment = table(so / "an_giang_89_nien_giam_2024.xlsx", "LAO_DONG")
    assert employment["TỔNG SỐ"][year_index(h, 2018)] == 1064.1  # E02.45: 1,064.06 thousand
    # old Kiên Giang: 128.18 x 905.90 = 116,118.3 (2022); employment 2024 901.58 thousand
    h, hh = table(so / "kien_giang_91_nien_giam_2024.xlsx", "GRDP_HH")
    assert hh["TỔNG SỐ"][year_index(h, 2022)] == 116118
    h, employment = table(so / "kien_giang_91_nien_giam_2024.xlsx", "LAO_DONG")
    assert employment["TỔNG SỐ"][year_index(h, 2024)] == 901.6
    for edition, expected in ((2023, 7.36), (2024, 6.14)):
        h, ss = table(so / f"an_giang_89_nien_giam_{edition}.xlsx", "GRDP_SS")
        tot = ss["TỔNG SỐ"]
        growth = (tot[year_index(h, 2023)] / tot[year_index(h, 2022)] - 1) * 100
        assert abs(growth - expected) <= 0.01, (edition, growth)


def test_revision_only_touches_2022_2023(gen1):
    so = gen1[0] / "statistics_office"
    for sheet in ("GRDP_HH", "GRDP_SS", "LAO_DONG", "DAN_SO", "THUY_SAN", "DOANH_NGHIEP"):
        h23, t23 = table(so / "an_giang_89_nien_giam_2023.xlsx", sheet)
        h24, t24 = table(so / "an_giang_89_nien_giam_2024.xlsx", sheet)
        assert list(t23) == list(t24)
        for label in t23:
            for y in range(2010, 2022):
                assert t23[label][year_index(h23, y)] == t24[label][year_index(h24, y)], (
                    sheet,
                    label,
                    y,
                )
    h23, t23 = table(so / "an_giang_89_nien_giam_2023.xlsx", "GRDP_HH")
    h24, t24 = table(so / "an_giang_89_nien_giam_2024.xlsx", "GRDP_HH")
    assert t23["TỔNG SỐ"][year_index(h23, 2023)] != t24["TỔNG SỐ"][year_index(h24, 2023)]


@pytest.mark.parametrize(
    "book",
    [
        "an_giang_89_nien_giam_2023.xlsx",
        "an_giang_89_nien_giam_2024.xlsx",
        "kien_giang_91_nien_giam_2024.xlsx",
        "an_giang_91_nien_giam_2025.xlsx",
    ],
)
def test_yearbook_tables_add_up(gen1, book):
    path = gen1[0] / "statistics_office" / book
    wb = openpyxl.load_workbook(path, read_only=True)
    sheets = wb.sheetnames
    for sheet in ("GRDP_HH", "GRDP_SS"):
        h, t = table(path, sheet)
        for j in range(len(h)):
            assert sum(t[k][j] for k in SECTOR_ROWS) + t[TAX][j] == t["TỔNG SỐ"][j], (sheet, h[j])
    for sheet in ("LAO_DONG", "VON_DT_HH", "VON_DT_SS", "DOANH_NGHIEP"):
        h, t = table(path, sheet)
        for j in range(len(h)):
            assert abs(sum(t[k][j] for k in SECTOR_ROWS) - t["TỔNG SỐ"][j]) < 0.05, (sheet, h[j])
    h, t = table(path, "DAN_SO")
    for j in range(len(h)):
        assert abs(t["Thành thị"][j] + t["Nông thôn"][j] - t["TỔNG SỐ"][j]) < 0.05
        assert abs(t["Nam"][j] + t["Nữ"][j] - t["TỔNG SỐ"][j]) < 0.05
    if "GRDP_NGANH_HH" not in sheets:
        return
    for sheet, ref in (("GRDP_NGANH_HH", "GRDP_HH"), ("GRDP_NGANH_SS", "GRDP_SS")):
        h, t = table(path, sheet)
        _, r3 = table(path, ref)
        for j in range(len(h)):
            secs = {k[0]: v[j] for k, v in t.items() if re.match(r"^[A-U] - ", k)}
            assert len(secs) == 21 and secs["U"] == "-"
            num = {k: v for k, v in secs.items() if v != "-"}
            assert sum(num.values()) + t[TAX][j] == t["TỔNG SỐ"][j]
            assert num["A"] == r3[SECTOR_ROWS[0]][j]
            assert sum(num[k] for k in "BCDEF") == r3[SECTOR_ROWS[1]][j]
            assert sum(v for k, v in num.items() if k >= "G") == r3[SECTOR_ROWS[2]][j]
    for sheet, ref in (("GRDP_HUYEN", "GRDP_HH"), ("LD_HUYEN", "LAO_DONG")):
        h, t = table(path, sheet)
        _, r = table(path, ref)
        districts = [k for k in t if k != "TỔNG SỐ"]
        assert len(districts) == 11
        checked = 0
        for j in range(len(h)):
            vals = [t[k][j] for k in districts]
            assert t["TỔNG SỐ"][j] == r["TỔNG SỐ"][j]
            if any(isinstance(v, str) for v in vals):  # ".." (not available) in early years
                continue
            assert abs(sum(vals) - t["TỔNG SỐ"][j]) < 0.05, (sheet, h[j])
            checked += 1
        assert checked >= len(h) - 2
    h, t = table(path, "THUY_SAN")
    for j in range(len(h)):
        assert t["Sản lượng thủy sản (Tấn)"][j] == (
            t["Sản lượng nuôi trồng thủy sản (Tấn)"][j] + t["Sản lượng khai thác thủy sản (Tấn)"][j]
        )


def test_yearbook_layout(gen1):
    so = gen1[0] / "statistics_office"
    wb = openpyxl.load_workbook(so / "an_giang_89_nien_giam_2024.xlsx", read_only=True)
    assert wb.sheetnames == [
        "GRDP_HH",
        "GRDP_SS",
        "GRDP_NGANH_HH",
        "GRDP_NGANH_SS",
        "LAO_DONG",
        "VON_DT_HH",
        "VON_DT_SS",
        "DOANH_NGHIEP",
        "DAN_SO",
        "THUY_SAN",
        "DET_MAY",
        "GRDP_HUYEN",
        "LD_HUYEN",
    ]
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        assert rows[0][0].startswith(f"{ws.title} - ")
        assert rows[1][0].startswith("Đơn vị tính: ")
        assert rows[2][0] is None and rows[2][1] == 2010 and rows[2][15] == "Sơ bộ 2024"
        notes = [r[0] for r in rows if r[0] and r[0].startswith(("Ghi chú", "Nguồn"))]
        assert any("SYNTHETIC" in n for n in notes)
    h, _ = table(so / "an_giang_91_nien_giam_2025.xlsx", "GRDP_HH")
    assert h == ["Sơ bộ 2025"]
    with open(so / "an_giang_89_nien_giam_2024_DAN_SO.csv", encoding="utf-8-sig") as fh:
        lines = fh.read().splitlines()
    assert lines[0].startswith("DAN_SO - ") and lines[2].endswith(";Sơ bộ 2024")
    assert re.match(r"^TỔNG SỐ;\d+,\d;", lines[3])
    _, t = table(so / "an_giang_89_nien_giam_2024.xlsx", "DAN_SO")
    csv_total = [float(v.replace(",", ".")) for v in lines[3].split(";")[1:]]
    assert csv_total == t["TỔNG SỐ"]


# ---------------------------------------------------------------- survey
def test_survey_files(gen1):
    out, written = gen1
    targets = survey_targets(1)
    tax_codes: dict[int, set[str]] = {}
    for year in range(2016, 2025):
        rows = read_survey(out / "enterprise_survey" / survey_filename(year))
        assert rows[0] == (SHORT_HEADERS if year < 2020 else FULL_HEADERS)
        assert 900 <= len(rows) - 1 <= 1350 and len(rows) - 1 == targets[year]
        assert written[f"enterprise_survey/{survey_filename(year)}"] == len(rows) - 1
        codes = [r[0] for r in rows[1:]]
        assert all(
            isinstance(c, str) and TAX_CODE_RE.match(c) and c.startswith("16") for c in codes
        )
        assert len(set(codes)) == len(codes)
        assert all(
            re.match(r"^\d{5}$", r[4])
            and re.match(r"^3\d{4}$", r[5])
            and re.match(r"^8[89]\d$", r[6])
            for r in rows[1:]
        )
        tax_codes[year] = set(codes)
    total = sum(len(v) for v in tax_codes.values())
    assert 9_000 <= total <= 11_000
    # a panel: most enterprises survive from one year to the next
    for y in range(2017, 2025):
        stay = len(tax_codes[y] & tax_codes[y - 1]) / len(tax_codes[y - 1])
        assert 0.85 <= stay <= 0.97


def test_registry_recipients_exist_in_survey(gen1):
    out, _ = gen1
    wb = openpyxl.load_workbook(
        out / "research_registry" / "ket_qua_nhiem_vu_khcn_2016_2020.xlsx", read_only=True
    )
    tasks = list(wb["NHIEM_VU"].iter_rows(values_only=True))
    recips = list(wb["DON_VI_TIEP_NHAN"].iter_rows(values_only=True))
    assert 72 <= len(tasks) - 1 <= 80
    survey = {
        y: {r[0]: r[4] for r in read_survey(out / "enterprise_survey" / survey_filename(y))[1:]}
        for y in range(2016, 2025)
    }
    firms = [r for r in recips[1:] if r[1] == "Doanh nghiệp"]
    assert 30 <= len({r[2] for r in firms}) <= 60
    for r in firms:
        assert TAX_CODE_RE.match(r[2])
        year = r[4].year
        assert r[2] in survey[year], r  # operating in the receipt year
    task_ids = {t[0] for t in tasks[1:]}
    assert {r[0] for r in recips[1:]} <= task_ids


def test_survey_scales_linearly(gen1, gen5):
    rows1 = sum(n for k, n in gen1[1].items() if k.startswith("enterprise_survey/"))
    rows5 = sum(n for k, n in gen5[1].items() if k.startswith("enterprise_survey/"))
    assert 4.8 <= rows5 / rows1 <= 5.2
    # the yearbook and the registry keep their shape (row counts) at any scale
    for k in gen1[1]:
        if not k.startswith("enterprise_survey/"):
            assert gen1[1][k] == gen5[1][k] or k.startswith("research_registry/"), k


def test_yearbook_enterprise_counts_follow_the_scaled_survey(gen1, gen5):
    # At scale 5 the survey stands for a five-times larger economy; the yearbook's count of
    # enterprises must grow with it, or the survey-vs-yearbook reconciliation (15 %) fails.
    book = "statistics_office/an_giang_89_nien_giam_2024.xlsx"
    for year in (2016, 2024):
        counts = []
        for out, _written in (gen1, gen5):
            header, data = table(out / book, "DOANH_NGHIEP")
            yearbook = data["TỔNG SỐ"][year_index(header, year)]
            (survey_file,) = (out / "enterprise_survey").glob(f"*_{year}.*")
            survey = len(read_survey(survey_file)) - 1  # minus the header row
            assert abs(yearbook / survey - 1) < 0.15, (year, yearbook, survey)
            counts.append(yearbook)
        assert 4.5 <= counts[1] / counts[0] <= 5.5, (year, counts)


def test_a_survey_year_too_large_for_one_excel_sheet_is_written_as_csv():
    # Excel's documented limit is 1,048,576 rows per sheet, one of them the header; the 2020
    # workbook at scale 1000 (1.09 million rows) would otherwise be cut short silently.
    assert survey_filename(2020, 1_048_575) == "dieu_tra_doanh_nghiep_2020.xlsx"
    assert survey_filename(2020, 1_048_576) == "dieu_tra_doanh_nghiep_2020.csv"
    assert survey_filename(2021, 10) == "dieu_tra_doanh_nghiep_2021.csv"
