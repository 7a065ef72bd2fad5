"""Synthetic annual enterprise survey (Điều tra doanh nghiệp) of old An Giang, 2016-2024.

A firm panel is simulated in two steps:

1. ``simulate_panel`` — the life cycle of every firm that ever operates (entry / exit year,
   VSIC subclass, location, static characteristics).  This is cheap (numpy arrays, one element
   per firm) and is shared with the research-registry generator (which picks recipient firms)
   and the yearbook generator (enterprise counts).
2. ``write_survey`` — walks the years in order, updates the dynamic state (employment,
   adoption of productivity tools / management systems) and streams one file per year.  Rows
   are written in chunks, so memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
from dataclasses import dataclass

import numpy as np
import xlsxwriter

from pipelines.ingest.contracts import parameter

from . import calibration as cal
from .reference import (
    COMMUNES,
    DISTRICT_NAME,
    key_sector_codes,
    section_of,
    survey_allowed,
    survey_columns,
)

CHUNK_ROWS = 5_000
XLSX_YEAR = 2020
YEARS = cal.SURVEY_YEARS

# ----------------------------------------------------------------------------------------------
# Column definitions
# ----------------------------------------------------------------------------------------------
# canonical field, short header (2016-2019), full header (2020-2024): the contract's aliases
COLUMNS = survey_columns()
SHORT_HEADERS = [c[1] for c in COLUMNS]
FULL_HEADERS = [c[2] for c in COLUMNS]

OWNERSHIP = survey_allowed("ownership")
TOOLS = survey_allowed("productivity_tools")
MGMT = survey_allowed("management_systems")


# An Excel sheet holds 1,048,576 rows, the header included. A larger year (scale 1000: ten
# million rows in all) cannot be a workbook: it is written as CSV, as an office would have to.
EXCEL_MAX_DATA_ROWS = 1_048_575


def survey_filename(year: int, rows: int = 0) -> str:
    as_workbook = year == XLSX_YEAR and rows <= EXCEL_MAX_DATA_ROWS
    return f"dieu_tra_doanh_nghiep_{year}.{'xlsx' if as_workbook else 'csv'}"


# ----------------------------------------------------------------------------------------------
# Sector parameters (all invented, chosen to give plausible magnitudes; see README)
# share: % of enterprises; med/sig: log-normal employment; wage: labour cost per worker 2016
# (million VND); vapw: value added per worker 2016 (million VND); var: value added / revenue;
# kpw: fixed assets per worker (million VND); en: energy GJ per billion VND revenue;
# exp: mean export share of exporters; expp: probability of being an exporter; rd: probability
# of R&D spending; st/fdi: probability of state / foreign ownership; hz: yearly adoption hazard.
# ----------------------------------------------------------------------------------------------
SECTORS: dict[str, dict] = {
    "01110": dict(
        share=5.0,
        med=8,
        sig=0.7,
        wage=58,
        vapw=125,
        var=0.35,
        kpw=300,
        en=120,
        exp=0.0,
        expp=0.0,
        rd=0.004,
        st=0.01,
        fdi=0.0,
        words=["Nông nghiệp", "Lúa gạo", "Nông sản"],
        tools=["5S", "KPI"],
        mgmt=["VietGAP", "GlobalGAP"],
        hz=0.010,
        drift=0.005,
    ),
    "03221": dict(
        share=5.5,
        med=12,
        sig=0.8,
        wage=68,
        vapw=190,
        var=0.30,
        kpw=550,
        en=160,
        exp=0.5,
        expp=0.02,
        rd=0.010,
        st=0.01,
        fdi=0.005,
        words=["Thủy sản", "Nuôi trồng Thủy sản", "Cá giống"],
        tools=["5S", "KPI"],
        mgmt=["VietGAP", "GlobalGAP", "ASC", "BAP"],
        hz=0.030,
        drift=0.015,
    ),
    "03222": dict(
        share=1.5,
        med=8,
        sig=0.7,
        wage=66,
        vapw=200,
        var=0.32,
        kpw=500,
        en=180,
        exp=0.0,
        expp=0.0,
        rd=0.010,
        st=0.0,
        fdi=0.0,
        words=["Thủy sản", "Tôm giống", "Nuôi tôm"],
        tools=["5S", "KPI"],
        mgmt=["VietGAP", "GlobalGAP", "ASC"],
        hz=0.025,
        drift=0.015,
    ),
    "08102": dict(
        share=1.5,
        med=15,
        sig=0.6,
        wage=72,
        vapw=250,
        var=0.45,
        kpw=1000,
        en=450,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.05,
        fdi=0.0,
        words=["Khai thác Cát", "Vật liệu Xây dựng", "Khoáng sản"],
        tools=["KPI"],
        mgmt=["ISO 9001", "ISO 14001"],
        hz=0.008,
        drift=0.0,
    ),
    "10202": dict(
        share=3.5,
        med=250,
        sig=0.9,
        wage=78,
        vapw=215,
        var=0.14,
        kpw=600,
        en=320,
        exp=0.8,
        expp=0.9,
        rd=0.08,
        st=0.06,
        fdi=0.06,
        words=["Thủy sản", "Chế biến Thủy sản", "Thực phẩm Thủy sản", "Xuất nhập khẩu Thủy sản"],
        tools=["5S", "KPI", "Kaizen", "TPM"],
        mgmt=["HACCP", "ISO 22000", "BAP", "ASC", "ISO 9001"],
        hz=0.070,
        drift=0.02,
    ),
    "10209": dict(
        share=1.0,
        med=60,
        sig=0.8,
        wage=70,
        vapw=200,
        var=0.18,
        kpw=450,
        en=250,
        exp=0.4,
        expp=0.4,
        rd=0.03,
        st=0.02,
        fdi=0.02,
        words=["Thực phẩm", "Chế biến Thủy sản", "Khô Cá"],
        tools=["5S", "KPI"],
        mgmt=["HACCP", "ISO 22000"],
        hz=0.040,
        drift=0.015,
    ),
    "10800": dict(
        share=1.5,
        med=120,
        sig=0.8,
        wage=88,
        vapw=300,
        var=0.10,
        kpw=1000,
        en=250,
        exp=0.06,
        expp=0.15,
        rd=0.15,
        st=0.03,
        fdi=0.15,
        words=["Thức ăn Thủy sản", "Thức ăn Chăn nuôi", "Dinh dưỡng Thủy sản"],
        tools=["5S", "KPI", "TPM", "6 Sigma"],
        mgmt=["ISO 9001", "ISO 22000", "HACCP", "ISO 14001"],
        hz=0.060,
        drift=0.02,
    ),
    "13110": dict(
        share=0.3,
        med=150,
        sig=0.7,
        wage=76,
        vapw=220,
        var=0.22,
        kpw=600,
        en=450,
        exp=0.4,
        expp=0.6,
        rd=0.03,
        st=0.02,
        fdi=0.20,
        words=["Sợi", "Dệt Sợi"],
        tools=["5S", "Kaizen", "Lean", "KPI", "TPM"],
        mgmt=["ISO 9001", "ISO 14001"],
        hz=0.060,
        drift=0.02,
    ),
    "13120": dict(
        share=0.4,
        med=120,
        sig=0.7,
        wage=74,
        vapw=215,
        var=0.22,
        kpw=600,
        en=420,
        exp=0.4,
        expp=0.5,
        rd=0.03,
        st=0.02,
        fdi=0.15,
        words=["Dệt", "Dệt may"],
        tools=["5S", "Kaizen", "Lean", "KPI", "TPM"],
        mgmt=["ISO 9001", "ISO 14001"],
        hz=0.060,
        drift=0.02,
    ),
    "14100": dict(
        share=1.4,
        med=300,
        sig=1.0,
        wage=80,
        vapw=152,
        var=0.30,
        kpw=150,
        en=60,
        exp=0.9,
        expp=0.9,
        rd=0.03,
        st=0.02,
        fdi=0.25,
        words=["May mặc", "May", "Thời trang"],
        tools=["5S", "Kaizen", "Lean", "KPI", "QCC"],
        mgmt=["ISO 9001", "ISO 14001", "ISO 45001"],
        hz=0.070,
        drift=0.03,
    ),
    "14300": dict(
        share=0.4,
        med=150,
        sig=0.9,
        wage=78,
        vapw=150,
        var=0.30,
        kpw=180,
        en=80,
        exp=0.85,
        expp=0.8,
        rd=0.02,
        st=0.0,
        fdi=0.20,
        words=["Dệt kim", "May mặc"],
        tools=["5S", "Kaizen", "Lean", "KPI", "QCC"],
        mgmt=["ISO 9001", "ISO 14001", "ISO 45001"],
        hz=0.060,
        drift=0.03,
    ),
    "22201": dict(
        share=1.5,
        med=40,
        sig=0.8,
        wage=74,
        vapw=220,
        var=0.20,
        kpw=700,
        en=350,
        exp=0.1,
        expp=0.15,
        rd=0.03,
        st=0.01,
        fdi=0.05,
        words=["Bao bì", "Nhựa", "Bao bì Nhựa"],
        tools=["5S", "KPI"],
        mgmt=["ISO 9001", "ISO 14001"],
        hz=0.030,
        drift=0.015,
    ),
    "41010": dict(
        share=15.0,
        med=15,
        sig=0.8,
        wage=70,
        vapw=160,
        var=0.25,
        kpw=250,
        en=40,
        exp=0.0,
        expp=0.0,
        rd=0.003,
        st=0.01,
        fdi=0.0,
        words=["Xây dựng", "Đầu tư Xây dựng", "Xây dựng Thương mại"],
        tools=["KPI", "5S"],
        mgmt=["ISO 9001", "ISO 45001"],
        hz=0.010,
        drift=0.01,
    ),
    "45411": dict(
        share=4.0,
        med=6,
        sig=0.6,
        wage=66,
        vapw=200,
        var=0.06,
        kpw=200,
        en=12,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.0,
        fdi=0.0,
        words=["Thương mại", "Xe máy"],
        tools=["KPI"],
        mgmt=["ISO 9001"],
        hz=0.005,
        drift=0.005,
    ),
    "45412": dict(
        share=12.0,
        med=5,
        sig=0.6,
        wage=62,
        vapw=150,
        var=0.07,
        kpw=180,
        en=10,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.0,
        fdi=0.0,
        words=["Thương mại Dịch vụ", "Xe máy"],
        tools=["KPI"],
        mgmt=["ISO 9001"],
        hz=0.004,
        drift=0.005,
    ),
    "47221": dict(
        share=18.0,
        med=4,
        sig=0.6,
        wage=58,
        vapw=110,
        var=0.10,
        kpw=120,
        en=15,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.0,
        fdi=0.0,
        words=["Thực phẩm", "Thương mại"],
        tools=["5S"],
        mgmt=["HACCP"],
        hz=0.004,
        drift=0.005,
    ),
    "50211": dict(
        share=2.0,
        med=6,
        sig=0.6,
        wage=64,
        vapw=170,
        var=0.40,
        kpw=550,
        en=650,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.02,
        fdi=0.0,
        words=["Vận tải Thủy", "Vận tải Hành khách"],
        tools=["KPI"],
        mgmt=["ISO 9001"],
        hz=0.004,
        drift=0.0,
    ),
    "50221": dict(
        share=9.0,
        med=7,
        sig=0.6,
        wage=66,
        vapw=180,
        var=0.38,
        kpw=600,
        en=700,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.0,
        fdi=0.0,
        words=["Vận tải", "Vận tải Thủy", "Logistics"],
        tools=["KPI"],
        mgmt=["ISO 9001"],
        hz=0.005,
        drift=0.005,
    ),
    "55101": dict(
        share=6.0,
        med=12,
        sig=0.7,
        wage=64,
        vapw=165,
        var=0.45,
        kpw=850,
        en=90,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.02,
        fdi=0.01,
        words=["Khách sạn", "Du lịch", "Du lịch Khách sạn"],
        tools=["5S", "KPI"],
        mgmt=["ISO 9001"],
        hz=0.010,
        drift=0.01,
    ),
    "56101": dict(
        share=10.0,
        med=8,
        sig=0.6,
        wage=56,
        vapw=100,
        var=0.35,
        kpw=150,
        en=55,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.0,
        fdi=0.0,
        words=["Nhà hàng", "Ẩm thực"],
        tools=["5S"],
        mgmt=["HACCP"],
        hz=0.006,
        drift=0.01,
    ),
    # Water supply: never drawn (share 0, last, so the draws of every other enterprise are
    # unchanged); WATER_SUPPLY_ENTERPRISES enterprises are moved here after every draw, to give
    # the sample a cell under the disclosure threshold (section E).
    "36000": dict(
        share=0.0,
        med=40,
        sig=0.5,
        wage=80,
        vapw=300,
        var=0.3,
        kpw=1500,
        en=300,
        exp=0.0,
        expp=0.0,
        rd=0.0,
        st=0.0,
        fdi=0.0,
        words=["Cấp nước", "Nước sạch"],
        tools=["KPI"],
        mgmt=["ISO 9001"],
        hz=0.0,
        drift=0.0,
    ),
}
VSIC_CODES = list(SECTORS)
# one fewer than the disclosure threshold: the section's cell must be suppressed
WATER_SUPPLY_ENTERPRISES = int(parameter("disclosure_min_enterprises")) - 1
SECTOR_GROUP = {
    c: {"A": "agri", "B": "ind", "C": "ind", "F": "ind"}.get(section_of(c), "serv")
    for c in VSIC_CODES
}
AQUA_FARM = key_sector_codes("aquaculture_farming", VSIC_CODES)
AQUA_PROC = key_sector_codes("aquaculture_processing", VSIC_CODES)
TEXTILE = key_sector_codes("textiles_garments", VSIC_CODES)

# Names and addresses --------------------------------------------------------------------------
PREFIXES = ["Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Doanh nghiệp tư nhân"]
SYL1 = [
    "An",
    "Bình",
    "Phú",
    "Thành",
    "Hưng",
    "Minh",
    "Tân",
    "Long",
    "Mỹ",
    "Vĩnh",
    "Hòa",
    "Thịnh",
    "Phước",
    "Đức",
    "Kim",
    "Ngọc",
    "Hoàng",
    "Thái",
    "Quang",
    "Trường",
    "Gia",
    "Khánh",
    "Hải",
    "Tây",
    "Nam",
    "Đông",
    "Hậu",
    "Tiến",
    "Thuận",
    "Bảo",
]
SYL2 = [
    "Phát",
    "Thịnh",
    "Lợi",
    "Thành",
    "An",
    "Hưng",
    "Phú",
    "Khang",
    "Tài",
    "Nguyên",
    "Long",
    "Giang",
    "Lộc",
    "Hòa",
    "Mỹ",
    "Đạt",
    "Sơn",
    "Tín",
    "Vượng",
    "Toàn",
    "Huy",
    "Châu",
    "Điền",
    "Xuyên",
]
STREETS = [
    "Trần Hưng Đạo",
    "Hà Hoàng Hổ",
    "Lý Thái Tổ",
    "Nguyễn Huệ",
    "Tôn Đức Thắng",
    "Hùng Vương",
    "Lê Lợi",
    "Nguyễn Trãi",
    "Phan Đình Phùng",
    "Lê Hồng Phong",
    "Trần Quang Khải",
    "Nguyễn Thái Học",
    "Quốc lộ 91",
    "Quốc lộ 91C",
    "Tỉnh lộ 941",
    "Tỉnh lộ 942",
    "Tỉnh lộ 943",
    "Lạc Long Quân",
    "Bùi Thị Xuân",
    "Ung Văn Khiêm",
    "Võ Thị Sáu",
    "Nguyễn Văn Cưng",
]
HAMLETS = [
    "Bình Hòa",
    "Long Thạnh",
    "Phú Hiệp",
    "Tân Lập",
    "Mỹ An",
    "Vĩnh Lợi",
    "Hòa Long",
    "Phú Thạnh",
    "Bình Thới",
    "Tây Khánh",
    "Đông Thịnh",
    "Thạnh Hòa",
    "Trung Bình",
    "An Thái",
    "Long Hòa",
    "Phú Hữu",
    "Tân Hưng",
    "Bình Phú",
]

DISTRICT_WEIGHT = {
    "883": 0.26,
    "884": 0.09,
    "886": 0.05,
    "887": 0.08,
    "888": 0.07,
    "889": 0.09,
    "890": 0.06,
    "891": 0.05,
    "892": 0.07,
    "893": 0.10,
    "894": 0.08,
}


def _commune_weights() -> np.ndarray:
    urban = [name.startswith(("Phường", "Thị trấn")) for _, name, _ in COMMUNES]
    w = np.array([3.0 if u else 1.0 for u in urban])
    for d, weight in DISTRICT_WEIGHT.items():
        m = np.array([c[2] == d for c in COMMUNES])
        w[m] = w[m] / w[m].sum() * weight
    return w / w.sum()


# ----------------------------------------------------------------------------------------------
# Panel
# ----------------------------------------------------------------------------------------------
@dataclass
class Panel:
    scale: float
    seed: int
    sector: np.ndarray  # index into VSIC_CODES
    entry: np.ndarray  # first survey year present
    exit: np.ndarray  # first survey year absent (9999 = still operating 2024)
    birth: np.ndarray  # founding year
    logsize0: np.ndarray  # initial log employment
    tfp: np.ndarray  # persistent log productivity effect
    wage_eff: np.ndarray
    k_eff: np.ndarray
    ownership: np.ndarray  # index into OWNERSHIP
    exporter: np.ndarray  # bool
    exp_share: np.ndarray
    rd_firm: np.ndarray  # bool
    commune: np.ndarray  # index into COMMUNES
    prefix: np.ndarray  # name prefix index
    prefix_new: np.ndarray  # prefix after rename
    rename_year: np.ndarray  # 9999 = never
    word: np.ndarray
    syl1: np.ndarray
    syl2: np.ndarray
    branch: np.ndarray  # 0 = head office, k = branch -00k
    taxnum: np.ndarray  # 8 digits after "16"
    house: np.ndarray
    street: np.ndarray
    phone_kind: np.ndarray
    phone_num: np.ndarray
    treated_from: np.ndarray  # year from which a registry recipient benefits (9999 = never)

    @property
    def n(self) -> int:
        return len(self.sector)

    def alive(self, year: int) -> np.ndarray:
        return np.nonzero((self.entry <= year) & (self.exit > year))[0]

    def vsic(self, i: int) -> str:
        return VSIC_CODES[self.sector[i]]

    def tax_code(self, i: int) -> str:
        s = f"16{self.taxnum[i]:08d}"
        return f"{s}-{self.branch[i]:03d}" if self.branch[i] else s

    def name(self, i: int, year: int) -> str:
        p = self.prefix_new[i] if year >= self.rename_year[i] else self.prefix[i]
        words = SECTORS[VSIC_CODES[self.sector[i]]]["words"]
        word = words[self.word[i] % len(words)]
        base = f"{PREFIXES[p]} {word} {SYL1[self.syl1[i]]} {SYL2[self.syl2[i]]}"
        return f"Chi nhánh {base}" if self.branch[i] else base

    def address(self, i: int) -> str:
        _, cname, d = COMMUNES[self.commune[i]]
        if cname.startswith(("Phường", "Thị trấn")):
            head = f"Số {self.house[i]} {STREETS[self.street[i]]}"
        else:
            head = f"Ấp {HAMLETS[self.street[i] % len(HAMLETS)]}"
        return f"{head}, {cname}, {DISTRICT_NAME[d]}, tỉnh An Giang"

    def phone(self, i: int) -> str:
        n = int(self.phone_num[i])
        if self.phone_kind[i] == 0:
            return f"0296 3 {n // 1000 % 1000:03d} {n % 1000:03d}"
        return f"09{n // 1000000 % 100:02d} {n // 1000 % 1000:03d} {n % 1000:03d}"


def survey_targets(scale: float) -> dict[int, int]:
    return {y: max(1, round(scale * c)) for y, c in cal.SURVEY_BASE_COUNTS.items()}


def simulate_panel(scale: float = 1.0, seed: int = 2022) -> Panel:
    """Simulate the firm life cycles (deterministic for scale, seed)."""
    rng = np.random.default_rng([seed, 11])
    shares = np.array([SECTORS[c]["share"] for c in VSIC_CODES], dtype=float)
    shares /= shares.sum()
    targets = survey_targets(scale)

    sector_l, entry_l, exit_l, birth_l, size_l = [], [], [], [], []
    n0 = targets[YEARS[0]]
    sec = rng.choice(len(VSIC_CODES), size=n0, p=shares)
    sector_l.append(sec)
    entry_l.append(np.full(n0, YEARS[0]))
    birth_l.append(rng.integers(1992, 2016, size=n0))
    med = np.array([SECTORS[c]["med"] for c in VSIC_CODES])[sec]
    sig = np.array([SECTORS[c]["sig"] for c in VSIC_CODES])[sec]
    size_l.append(np.log(med) + sig * rng.standard_normal(n0))
    exit_arr = np.full(n0, 9999)
    exit_l.append(exit_arr)

    for y in YEARS[1:]:
        sector = np.concatenate(sector_l)
        size = np.concatenate(size_l)
        exits = np.concatenate(exit_l)
        alive = np.nonzero(exits == 9999)[0]
        emp = np.exp(size[alive])
        p = np.where(emp < 10, 0.07, np.where(emp < 50, 0.046, 0.026))
        if y in (2020, 2021):
            p = p * 1.3
        leave = alive[rng.random(len(alive)) < p]
        exits[leave] = y
        # write back (exit_l holds views of the concatenated array -> rebuild list)
        sector_l, size_l = [sector], [size]
        exit_l = [exits]
        entry_l = [np.concatenate(entry_l)]
        birth_l = [np.concatenate(birth_l)]
        survivors = len(alive) - len(leave)
        n_new = max(targets[y] - survivors, 0)
        sec = rng.choice(len(VSIC_CODES), size=n_new, p=shares)
        med = np.array([SECTORS[c]["med"] for c in VSIC_CODES])[sec]
        sig = np.array([SECTORS[c]["sig"] for c in VSIC_CODES])[sec]
        sector_l.append(sec)
        size_l.append(np.log(med) + sig * rng.standard_normal(n_new) - 0.3)
        entry_l.append(np.full(n_new, y))
        birth_l.append(np.full(n_new, y))
        exit_l.append(np.full(n_new, 9999))

    sector = np.concatenate(sector_l).astype(np.int16)
    entry = np.concatenate(entry_l).astype(np.int16)
    exits = np.concatenate(exit_l).astype(np.int16)
    birth = np.concatenate(birth_l).astype(np.int16)
    logsize0 = np.concatenate(size_l)
    n = len(sector)

    # static attributes (separate stream so the life cycle does not depend on them)
    r2 = np.random.default_rng([seed, 12])
    codes = VSIC_CODES
    st_p = np.array([SECTORS[c]["st"] for c in codes])[sector]
    fdi_p = np.array([SECTORS[c]["fdi"] for c in codes])[sector]
    big = logsize0 > np.log(100)
    u = r2.random(n)
    # larger firms are more often state-owned / FDI; scale so totals are ~2 % / ~3 %
    st_p = st_p * np.where(big, 2.0, 1.0) + 0.012
    fdi_p = fdi_p * np.where(big, 1.5, 1.0) + 0.012
    ownership = np.where(u < st_p, 0, np.where(u < st_p + fdi_p, 2, 1)).astype(np.int8)
    expp = np.array([SECTORS[c]["expp"] for c in codes])[sector]
    exporter = r2.random(n) < expp * np.where(ownership == 2, 1.2, 1.0)
    expm = np.array([SECTORS[c]["exp"] for c in codes])[sector]
    exp_share = np.clip(expm + 0.1 * r2.standard_normal(n), 0.02, 0.98)
    rd_p = np.array([SECTORS[c]["rd"] for c in codes])[sector] * np.where(big, 2.5, 0.7)
    rd_firm = r2.random(n) < rd_p
    commune = r2.choice(len(COMMUNES), size=n, p=_commune_weights()).astype(np.int16)
    pref_p = np.where(big[:, None], [[0.25, 0.15, 0.58, 0.02]], [[0.45, 0.27, 0.10, 0.18]])
    cum = pref_p.cumsum(axis=1)
    u = r2.random(n)[:, None]
    prefix = (u > cum).sum(axis=1).clip(0, 3).astype(np.int8)
    prefix = np.where(ownership == 0, np.where(r2.random(n) < 0.5, 1, 2), prefix).astype(np.int8)
    prefix_new = np.where(prefix == 2, 0, 2).astype(np.int8)
    rename_year = np.where(r2.random(n) < 0.04, r2.integers(2017, 2025, size=n), 9999).astype(
        np.int16
    )
    word = r2.integers(0, 12, size=n).astype(np.int8)
    syl1 = r2.integers(0, len(SYL1), size=n).astype(np.int8)
    syl2 = r2.integers(0, len(SYL2), size=n).astype(np.int8)
    branch = np.where(r2.random(n) < 0.03, r2.integers(1, 4, size=n), 0).astype(np.int8)
    offset = int(r2.integers(0, 10**8))
    taxnum = ((np.arange(n, dtype=np.int64) * 48_271_571 + offset) % 10**8).astype(np.int64)
    # the first digits after "16" look like real An Giang codes (0...) for old firms
    house = r2.integers(1, 420, size=n).astype(np.int16)
    street = r2.integers(0, len(STREETS), size=n).astype(np.int8)
    phone_kind = (r2.random(n) < 0.3).astype(np.int8)
    phone_num = r2.integers(0, 10**8, size=n).astype(np.int64)
    phone_num = np.where(phone_kind == 0, 800_000 + phone_num % 200_000, phone_num)
    # persistent firm effects
    tfp = 0.45 * r2.standard_normal(n)
    wage_eff = 0.15 * r2.standard_normal(n) + 0.25 * (ownership == 2)
    k_eff = 0.5 * r2.standard_normal(n)

    # Water-transport enterprises alive in every survey year become water-supply enterprises
    # (VSIC 36000), the only ones of section E: a cell under the disclosure threshold in every
    # year, which also forces the secondary suppression of another section. Moved after every
    # draw, so no other enterprise changes (their figures stay those drawn for transport).
    donors = np.nonzero(
        (sector == VSIC_CODES.index("50221")) & (entry == YEARS[0]) & (exits == 9999)
    )[0][:WATER_SUPPLY_ENTERPRISES]
    sector[donors] = VSIC_CODES.index("36000")
    return Panel(
        scale=scale,
        seed=seed,
        sector=sector,
        entry=entry,
        exit=exits,
        birth=birth,
        logsize0=logsize0,
        tfp=tfp,
        wage_eff=wage_eff,
        k_eff=k_eff,
        ownership=ownership,
        exporter=exporter,
        exp_share=exp_share,
        rd_firm=rd_firm,
        commune=commune,
        prefix=prefix,
        prefix_new=prefix_new,
        rename_year=rename_year,
        word=word,
        syl1=syl1,
        syl2=syl2,
        branch=branch,
        taxnum=taxnum,
        house=house,
        street=street,
        phone_kind=phone_kind,
        phone_num=phone_num,
        treated_from=np.full(n, 9999, dtype=np.int16),
    )


def counts_by_group(panel: Panel) -> dict[int, dict[str, int]]:
    """Number of enterprises per survey year and three-sector group (agri / ind / serv)."""
    group = np.array([SECTOR_GROUP[c] for c in VSIC_CODES])[panel.sector]
    out = {}
    for y in YEARS:
        a = panel.alive(y)
        g = group[a]
        out[y] = {k: int((g == k).sum()) for k in ("agri", "ind", "serv")}
    return out


# ----------------------------------------------------------------------------------------------
# Yearly rows
# ----------------------------------------------------------------------------------------------
def _mask_to_str(mask: int, names: list[str]) -> str:
    return ";".join(n for b, n in enumerate(names) if mask >> b & 1)


class _YearState:
    """Dynamic state carried from one year to the next (one element per firm ever)."""

    def __init__(self, panel: Panel):
        n = panel.n
        self.log_l = panel.logsize0.copy()
        self.emp_prev = np.zeros(n, dtype=np.int64)
        self.tools = np.zeros(n, dtype=np.int64)
        self.mgmt = np.zeros(n, dtype=np.int64)


def _year_arrays(panel: Panel, state: _YearState, year: int):
    """Compute the numeric columns for every firm operating in ``year`` (vectorised)."""
    rng = np.random.default_rng([panel.seed, 1000 + year])
    idx = panel.alive(year)
    m = len(idx)
    sec = panel.sector[idx]
    par = {
        k: np.array([SECTORS[c][k] for c in VSIC_CODES], dtype=float)[sec]
        for k in ("med", "wage", "vapw", "var", "kpw", "en", "drift", "hz")
    }
    t = year - YEARS[0]
    new = panel.entry[idx] == year
    # employment
    shock = 0.13 * rng.standard_normal(m)
    covid = np.where(
        (year in (2020, 2021))
        & np.isin(sec, [VSIC_CODES.index(c) for c in ("55101", "56101", "50211", "14100")]),
        -0.06,
        0.0,
    )
    log_l = np.where(new, state.log_l[idx], state.log_l[idx] + par["drift"] + shock + covid)
    log_l = np.minimum(log_l, np.log(6000.0))
    state.log_l[idx] = log_l
    emp_end = np.maximum(np.rint(np.exp(log_l)), 1).astype(np.int64)
    emp_start = np.where(new, 0, state.emp_prev[idx])
    if year == YEARS[0]:
        emp_start = np.maximum(np.rint(emp_end * np.exp(0.08 * rng.standard_normal(m))), 1).astype(
            np.int64
        )
    # the first year's enterprises are the stock already operating, not entrants: their money
    # scales with (start + end) / 2 like the survey's average, not with an entrant's part-year
    entrant = new & (year != YEARS[0])
    avg = np.where(entrant, emp_end * 0.55, (emp_start + emp_end) / 2.0)
    state.emp_prev[idx] = emp_end
    # treatment (registry recipients): productivity gain from the year after receipt
    since = year - panel.treated_from[idx]
    treat = np.where(since >= 2, 0.08, np.where(since == 1, 0.04, 0.0))
    # money (million VND, current prices)
    wage = par["wage"] * 1.06**t * np.exp(panel.wage_eff[idx] + 0.05 * rng.standard_normal(m))
    labour = avg * wage
    covid_va = {2020: -0.06, 2021: -0.09}.get(year, 0.0)
    va = (
        avg
        * par["vapw"]
        * 1.07**t
        * np.exp(panel.tfp[idx] + 0.12 * rng.standard_normal(m) + treat + covid_va)
    )
    revenue = va / (par["var"] * np.exp(0.15 * rng.standard_normal(m)))
    fixed = avg * par["kpw"] * 1.04**t * np.exp(panel.k_eff[idx])
    dep = fixed * rng.uniform(0.06, 0.11, m)
    taxes = np.minimum(revenue * rng.uniform(0.004, 0.015, m), 0.25 * np.abs(va))
    profit = va - labour - dep - taxes
    energy = revenue / 1000.0 * par["en"] * np.exp(0.3 * rng.standard_normal(m))
    rate = cal.VND_PER_USD[year]
    exp_share = np.clip(panel.exp_share[idx] + 0.05 * rng.standard_normal(m), 0.0, 0.99)
    export = np.where(panel.exporter[idx], revenue * exp_share * 1000.0 / rate, 0.0)
    rd_on = panel.rd_firm[idx] & (rng.random(m) < 0.85)
    rd_on |= (since >= 0) & (rng.random(m) < 0.5)
    rd = np.where(rd_on, revenue * rng.uniform(0.001, 0.008, m), 0.0)
    # adoption of productivity tools / management systems
    tools = state.tools[idx]
    mgmt = state.mgmt[idx]
    keep_t = np.zeros(m, dtype=np.int64)
    keep_m = np.zeros(m, dtype=np.int64)
    for b in range(len(TOOLS)):
        keep_t |= (rng.random(m) > 0.03).astype(np.int64) << b
    for b in range(len(MGMT)):
        keep_m |= (rng.random(m) > 0.03).astype(np.int64) << b
    tools &= keep_t
    mgmt &= keep_m
    size_f = np.clip((emp_end / par["med"]) ** 0.4, 0.3, 3.0)
    hz = par["hz"] * size_f * (1 + 0.09 * t) * np.where(since >= 0, 3.0, 1.0)
    hz = np.where(new | (year == YEARS[0]), np.minimum(hz * 4.0, 0.6), hz)
    hz = np.where((tools | mgmt) > 0, hz * 0.5, hz)
    adopt = np.nonzero(rng.random(m) < hz)[0]
    pick = rng.random((len(adopt), 3))
    for j, a in enumerate(adopt):
        s = SECTORS[VSIC_CODES[sec[a]]]
        if pick[j, 0] < 0.6:
            mgmt[a] |= 1 << MGMT.index(s["mgmt"][int(pick[j, 1] * len(s["mgmt"]))])
        if pick[j, 0] > 0.4:
            tools[a] |= 1 << TOOLS.index(s["tools"][int(pick[j, 2] * len(s["tools"]))])
    state.tools[idx] = tools
    state.mgmt[idx] = mgmt
    return dict(
        idx=idx,
        emp_start=emp_start,
        emp_end=emp_end,
        labour=labour,
        revenue=revenue,
        fixed=fixed,
        dep=dep,
        taxes=taxes,
        profit=profit,
        energy=energy,
        export=export,
        rd=rd,
        tools=tools,
        mgmt=mgmt,
    )


def _rows(panel: Panel, year: int, a: dict, *, start: int, stop: int, for_xlsx: bool):
    r1 = (lambda x: round(float(x), 1)) if for_xlsx else (lambda x: f"{x:.1f}")
    out = []
    for k in range(start, stop):
        i = int(a["idx"][k])
        code, _, d = COMMUNES[panel.commune[i]]
        out.append(
            [
                panel.tax_code(i),
                panel.name(i, year),
                panel.address(i),
                panel.phone(i),
                panel.vsic(i),
                code,
                d,
                OWNERSHIP[panel.ownership[i]],
                int(a["emp_start"][k]),
                int(a["emp_end"][k]),
                r1(a["labour"][k]),
                r1(a["revenue"][k]),
                r1(a["fixed"][k]),
                r1(a["dep"][k]),
                r1(a["taxes"][k]),
                r1(a["profit"][k]),
                r1(a["energy"][k]),
                r1(a["export"][k]),
                r1(a["rd"][k]),
                _mask_to_str(int(a["tools"][k]), TOOLS),
                _mask_to_str(int(a["mgmt"][k]), MGMT),
            ]
        )
    return out


def write_survey(panel: Panel, out_dir: pathlib.Path, progress=None) -> dict[str, int]:
    """Stream one file per survey year into ``out_dir``; return {filename: rows}."""
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    state = _YearState(panel)
    written: dict[str, int] = {}
    for year in YEARS:
        a = _year_arrays(panel, state, year)
        m = len(a["idx"])
        fname = survey_filename(year, m)
        task = progress.add_task(f"survey {year}", total=m) if progress is not None else None
        if fname.endswith(".xlsx"):
            wb = xlsxwriter.Workbook(str(out_dir / fname), {"constant_memory": True})
            wb.set_properties(
                {
                    "title": f"Điều tra doanh nghiệp {year} (dữ liệu mô phỏng)",
                    "comments": "SYNTHETIC data - dữ liệu MÔ PHỎNG, không phải số liệu chính thức.",
                    "author": "tools.synthetic",
                    "created": dt.datetime(2025, 6, 30),
                }
            )
            ws = wb.add_worksheet(f"DN{year}")
            ws.write_row(0, 0, FULL_HEADERS)
            r = 1
            for s in range(0, m, CHUNK_ROWS):
                for row in _rows(
                    panel, year, a, start=s, stop=min(s + CHUNK_ROWS, m), for_xlsx=True
                ):
                    for c, v in enumerate(row):
                        if isinstance(v, str):
                            if v:
                                ws.write_string(r, c, v)
                        else:
                            ws.write_number(r, c, v)
                    r += 1
                if task is not None:
                    progress.update(task, advance=min(CHUNK_ROWS, m - s))
            wb.close()
        else:
            headers = SHORT_HEADERS if year < 2020 else FULL_HEADERS
            with open(out_dir / fname, "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(headers)
                for s in range(0, m, CHUNK_ROWS):
                    w.writerows(
                        _rows(panel, year, a, start=s, stop=min(s + CHUNK_ROWS, m), for_xlsx=False)
                    )
                    if task is not None:
                        progress.update(task, advance=min(CHUNK_ROWS, m - s))
        written[fname] = m
    return written
