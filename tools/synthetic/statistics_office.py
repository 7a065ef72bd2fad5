"""Synthetic statistical-yearbook exports (Niên giám thống kê) of An Giang / Kiên Giang.

Every table obeys the publication rules: components are rounded first and the total is the
sum of the rounded components (three-sector GRDP tables, VSIC sections, districts, ...).
The 2024 An Giang edition revises 2022-2023 GRDP and employment; all other years and tables
are identical between the 2023 and 2024 editions.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import pathlib
from typing import Any

import numpy as np
import xlsxwriter

from pipelines.ingest.contracts import load_contract

from . import calibration as cal
from .reference import DISTRICTS, VSIC_SECTIONS

NA = ".."  # not available
NIL = "-"  # phenomenon did not exist

_CONTRACT = load_contract("statistics_office")
_TABLES = _CONTRACT["tables"]
AG_SHEETS = list(_TABLES)
PROVINCE_SHEETS = [
    "GRDP_HH",
    "GRDP_SS",
    "LAO_DONG",
    "VON_DT_HH",
    "VON_DT_SS",
    "DOANH_NGHIEP",
    "DAN_SO",
]

TITLES = {
    "GRDP_HH": "Tổng sản phẩm trên địa bàn theo giá hiện hành phân theo khu vực kinh tế",
    "GRDP_SS": "Tổng sản phẩm trên địa bàn theo giá so sánh 2010 phân theo khu vực kinh tế",
    "GRDP_NGANH_HH": "Tổng sản phẩm trên địa bàn theo giá hiện hành phân theo ngành kinh tế",
    "GRDP_NGANH_SS": "Tổng sản phẩm trên địa bàn theo giá so sánh 2010 phân theo ngành kinh tế",
    "LAO_DONG": "Lao động từ 15 tuổi trở lên đang làm việc bình quân hằng năm "
    "phân theo khu vực kinh tế",
    "VON_DT_HH": "Vốn đầu tư thực hiện trên địa bàn theo giá hiện hành phân theo khu vực kinh tế",
    "VON_DT_SS": "Vốn đầu tư thực hiện trên địa bàn theo giá so sánh 2010 "
    "phân theo khu vực kinh tế",
    "DOANH_NGHIEP": "Số doanh nghiệp đang hoạt động có kết quả sản xuất kinh doanh "
    "tại thời điểm 31/12 "
    "phân theo khu vực kinh tế",
    "DAN_SO": "Dân số trung bình phân theo thành thị, nông thôn và phân theo giới tính",
    "THUY_SAN": "Diện tích nuôi trồng và sản lượng thủy sản",
    "DET_MAY": "Một số chỉ tiêu chủ yếu ngành dệt may",
    "GRDP_HUYEN": "Tổng sản phẩm trên địa bàn theo giá hiện hành "
    "phân theo huyện, thị xã, thành phố",
    "LD_HUYEN": "Lao động từ 15 tuổi trở lên đang làm việc phân theo huyện, thị xã, thành phố",
}
UNITS = {
    "GRDP_HH": "Tỷ đồng",
    "GRDP_SS": "Tỷ đồng",
    "GRDP_NGANH_HH": "Tỷ đồng",
    "GRDP_NGANH_SS": "Tỷ đồng",
    "LAO_DONG": "Nghìn người",
    "VON_DT_HH": "Tỷ đồng",
    "VON_DT_SS": "Tỷ đồng",
    "DOANH_NGHIEP": "Doanh nghiệp",
    "DAN_SO": "Nghìn người",
    "THUY_SAN": "ghi theo từng chỉ tiêu",
    "DET_MAY": "ghi theo từng chỉ tiêu",
    "GRDP_HUYEN": "Tỷ đồng",
    "LD_HUYEN": "Nghìn người",
}
DECIMALS = {"LAO_DONG": 1, "DAN_SO": 1, "LD_HUYEN": 1}
SECTOR_LABELS = [
    label for label, row in _TABLES["GRDP_HH"]["rows"].items() if row["sector"] != "TAX"
]
TAX_LABEL = next(
    label for label, row in _TABLES["GRDP_HH"]["rows"].items() if row["sector"] == "TAX"
)
POP_LABELS = list(_TABLES["DAN_SO"]["rows"])
FISH_LABELS = list(_TABLES["THUY_SAN"]["rows"])
TEXTILE_LABELS = list(_TABLES["DET_MAY"]["rows"])
SECTION_LABELS = [f"{c} - {n}" for c, n, _ in VSIC_SECTIONS]
IND_SECTIONS = ["B", "C", "D", "E", "F"]
SERV_SECTIONS = ["G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"]
IND_SHARE = np.array([0.035, 0.58, 0.075, 0.02, 0.29])
SERV_SHARE = np.array(
    [0.24, 0.07, 0.09, 0.025, 0.06, 0.16, 0.02, 0.015, 0.08, 0.09, 0.05, 0.015, 0.045, 0.04]
)
DISTRICT_GRDP_SHARE = np.array(
    [0.255, 0.085, 0.05, 0.08, 0.07, 0.09, 0.06, 0.055, 0.07, 0.105, 0.08]
)
DISTRICT_LD_SHARE = np.array([0.17, 0.07, 0.075, 0.09, 0.085, 0.11, 0.065, 0.07, 0.085, 0.14, 0.10])

YEARS = list(range(2010, 2025))
SECTORS = ("agri", "ind", "serv")
DEFLATOR_OFFSET = {"agri": 1.0, "ind": 0.3, "serv": 0.0, "tax": 1.0}
SECTOR_GROWTH_OVERRIDE = {2021: {"agri": 3.0, "ind": 3.6, "serv": -0.4}}
REVISION_NOTE = "Số liệu năm 2022 và 2023 được điều chỉnh so với Niên giám Thống kê 2023."
SYMBOL_NOTE = 'Ký hiệu: "-" không phát sinh hiện tượng; ".." không có số liệu.'


def _largest_remainder(total: int, weights: np.ndarray) -> list[int]:
    """Split an integer total into integer parts proportional to weights (sum exactly = total)."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    base = np.floor(raw).astype(np.int64)
    rest = int(total - base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return [int(v) for v in base]


class AnGiangModel:
    """Macro series of old An Giang (and derived Kiên Giang / merged tables)."""

    def __init__(self, seed: int, enterprise_counts: dict[int, dict[str, int]]):
        self.seed = seed
        # Enterprises by sector and year, as the survey panel of the same scale counts them,
        # so the yearbook's enterprise counts reconcile with the survey at any scale.
        self.enterprise_counts = enterprise_counts
        rng = np.random.default_rng([seed, 21])
        ny = len(YEARS) + 1
        self.ind_noise = rng.normal(0, 0.06, (ny, len(IND_SECTIONS)))
        self.serv_noise = rng.normal(0, 0.05, (ny, len(SERV_SECTIONS)))
        self.dist_noise = rng.normal(0, 0.02, (ny, len(DISTRICTS)))
        self.dist_ld_noise = rng.normal(0, 0.015, (ny, len(DISTRICTS)))
        self.emp_noise = rng.normal(0, 0.004, (ny, 3))
        self.inv_noise = rng.normal(0, 0.02, (ny, 4))
        self.dn_noise = rng.normal(0, 0.012, (ny, 3))
        self.misc = rng.normal(0, 1, (ny, 12))
        # GRDP at current prices 2018-2024 is the real series (E02.58 x E02.45); the nominal
        # GRDP of 2010 is backed out of the real 2018 with the made-up growth and deflators
        self.real_grdp = cal.real_grdp_current("89")
        self.real_employment = cal.real_employment_tenths("89")
        first = min(self.real_grdp)
        f = 1.0
        for y in range(2011, first + 1):
            f *= (1 + cal.AG_REAL_GROWTH[y] / 100) * (1 + cal.AG_DEFLATOR[y] / 100)
        self.T2010 = self.real_grdp[first] / f
        self._grdp_cache: dict[int, dict] = {}

    # ---------------------------------------------------------------- GRDP
    def real_growth(self, edition: int) -> dict[int, float]:
        g = dict(cal.AG_REAL_GROWTH)
        g[2023] = cal.AG_GROWTH_2023_FIRST
        if edition >= 2024:
            g[2022] = cal.AG_REAL_GROWTH_2022_REVISED
            g[2023] = cal.AG_GROWTH_2023_REVISED
            g[2024] = cal.AG_REAL_GROWTH_2024
        return g

    def nominal_targets(self, edition: int) -> dict[int, float]:
        g = self.real_growth(edition)
        tgt = {2010: self.T2010}
        for y in range(2011, min(self.real_grdp)):
            tgt[y] = tgt[y - 1] * (1 + g[y] / 100) * (1 + cal.AG_DEFLATOR[y] / 100)
        tgt.update(self.real_grdp)
        if edition == 2023:  # the first-published figures, revised by the next edition
            for y, ratio in cal.FIRST_PUBLISHED_GRDP_RATIO.items():
                tgt[y] = self.real_grdp[y] * ratio
        return {y: v for y, v in tgt.items() if y <= edition}

    def grdp(self, edition: int) -> dict:
        """{'ss': {year: {agri, ind, serv, tax, total}}, 'hh': {...}} published integers."""
        if edition in self._grdp_cache:
            return self._grdp_cache[edition]
        g = self.real_growth(edition)
        tgt = self.nominal_targets(edition)
        years = [y for y in YEARS if y <= edition]
        sh = cal.AG_SHARES_2010
        lvl = {2010: {k: self.T2010 * sh[k] for k in (*SECTORS, "tax")}}
        for y in years[1:]:
            prev = lvl[y - 1]
            tot = sum(prev.values())
            s = {k: v / tot for k, v in prev.items()}
            gr = g[y]
            if y in (2020, 2024):
                given = cal.AG_GROWTH_2020 if y == 2020 else cal.AG_GROWTH_2024
                gs = {k: given[k] for k in SECTORS}
                gs["tax"] = (gr - sum(s[k] * gs[k] for k in SECTORS)) / s["tax"]
            else:
                base = SECTOR_GROWTH_OVERRIDE.get(y, cal.SECTOR_GROWTH_BASE)
                ssum = sum(s[k] for k in SECTORS)
                k_shift = (gr - s["tax"] * gr - sum(s[k] * base[k] for k in SECTORS)) / ssum
                gs = {k: base[k] + k_shift for k in SECTORS}
                gs["tax"] = gr
            lvl[y] = {k: prev[k] * (1 + gs[k] / 100) for k in prev}
        # deflators
        defl = {2010: {k: 1.0 for k in (*SECTORS, "tax")}}
        for y in years[1:]:
            infl = tgt[y] / tgt[y - 1] / (1 + g[y] / 100) - 1
            defl[y] = {
                k: defl[y - 1][k] * (1 + infl + DEFLATOR_OFFSET[k] / 100) for k in defl[y - 1]
            }
        hh, ss = {}, {}
        for y in years:
            raw = {k: lvl[y][k] * defl[y][k] for k in lvl[y]}
            f = tgt[y] / sum(raw.values())
            row = {k: round(raw[k] * f) for k in SECTORS}
            row["tax"] = round(tgt[y]) - sum(row.values())
            row["total"] = round(tgt[y])
            hh[y] = row
            if y == 2010:
                ss[y] = dict(row)
            else:
                total = round(ss[y - 1]["total"] * (1 + g[y] / 100))
                r2 = {k: round(lvl[y][k]) for k in SECTORS}  # lvl is in constant 2010 prices
                r2["tax"] = total - sum(r2.values())
                r2["total"] = total
                ss[y] = r2
        out = {"hh": hh, "ss": ss}
        self._grdp_cache[edition] = out
        return out

    def sections(self, edition: int, kind: str) -> dict[int, list]:
        """VSIC sections A..U for each year: list aligned with VSIC_SECTIONS (U = NIL)."""
        tab = self.grdp(edition)[kind]
        out = {}
        for y in sorted(tab):
            r = tab[y]
            ind_w = (
                IND_SHARE
                * np.exp(self.ind_noise[y - 2010])
                * np.array([1, 1 + 0.012 * (y - 2010), 1, 1, 1])
            )
            serv_w = SERV_SHARE * np.exp(self.serv_noise[y - 2010])
            ind = _largest_remainder(r["ind"], ind_w)
            serv = _largest_remainder(r["serv"], serv_w)
            out[y] = [r["agri"], *ind, *serv, NIL]
        return out

    # -------------------------------------------------------- employment (tenths of thousand)
    def employment(self, edition: int) -> dict[int, dict[str, int]]:
        """By sector, in tenths of a thousand: the model's shape, totals = E02.45 from 2018."""
        shape = self._employment_shape(edition)
        first = min(self.real_employment)
        out = {}
        for y, vals in shape.items():
            if y in self.real_employment:
                total = self.real_employment[y]
                if edition == 2023 and y in cal.FIRST_PUBLISHED_EMPLOYMENT_RATIO:
                    total = round(total * cal.FIRST_PUBLISHED_EMPLOYMENT_RATIO[y])
            else:  # before the real series: the trend, scaled to meet the real first year
                ratio = self.real_employment[first] / sum(
                    self._employment_shape(2024)[first].values()
                )
                total = round(sum(vals.values()) * ratio)
            parts = _largest_remainder(total, np.array(list(vals.values())))
            row = dict(zip(vals, parts, strict=True))
            row["total"] = total
            out[y] = row
        return out

    def _employment_shape(self, edition: int) -> dict[int, dict[str, float]]:
        out = {}
        for y in [y for y in YEARS if y <= edition]:
            x = (y - 2010) / 14
            tot = cal.AG_EMPLOYMENT_2010 + (cal.AG_EMPLOYMENT_2024 - cal.AG_EMPLOYMENT_2010) * x
            tot *= (
                1
                + 0.012 * math.sin(x * 3.0)
                + {2020: -0.014, 2021: -0.027, 2022: -0.006}.get(y, 0.0)
            )
            a = (
                cal.AG_AGRI_EMPLOYMENT_SHARE[2010]
                + (cal.AG_AGRI_EMPLOYMENT_SHARE[2024] - cal.AG_AGRI_EMPLOYMENT_SHARE[2010]) * x
            )
            i = (
                cal.AG_IND_EMPLOYMENT_SHARE[2010]
                + (cal.AG_IND_EMPLOYMENT_SHARE[2024] - cal.AG_IND_EMPLOYMENT_SHARE[2010]) * x
            )
            n = self.emp_noise[y - 2010]
            vals = {
                "agri": tot * a * (1 + n[0]),
                "ind": tot * i * (1 + n[1]),
                "serv": tot * (1 - a - i) * (1 + n[2]),
            }
            if edition >= 2024 and y in (2022, 2023):
                adj = {2022: (0.996, 1.006, 1.003), 2023: (0.991, 1.011, 1.005)}[y]
                vals = {k: v * adj[j] for j, (k, v) in enumerate(vals.items())}
            out[y] = vals
        return out

    # ---------------------------------------------------------------- investment
    def investment(self, last: int) -> tuple[dict, dict]:
        tgt = self.nominal_targets(2024)
        hh, ss = {}, {}
        defl = 1.0
        for y in [y for y in YEARS if y <= last]:
            if y > 2010:
                defl *= 1 + (2.8 + 0.8 * self.misc[y - 2010, 0]) / 100
            share = 0.29 + 0.025 * math.sin((y - 2010) / 2.5) + 0.01 * self.inv_noise[y - 2010, 3]
            tot = tgt[y] * share
            w = np.array([0.125, 0.325, 0.55]) * np.exp(self.inv_noise[y - 2010, :3])
            w = w / w.sum()
            row = {k: round(tot * w[j]) for j, k in enumerate(SECTORS)}
            row["total"] = sum(row.values())
            hh[y] = row
            r2 = {k: round(row[k] / defl) for k in SECTORS}
            r2["total"] = sum(r2.values())
            ss[y] = r2
        return hh, ss

    # ---------------------------------------------------------------- enterprises
    def enterprises(self, last: int) -> dict[int, dict[str, int]]:
        counts = self.enterprise_counts
        out = {}
        for y in [y for y in YEARS if y <= last]:
            base: dict[str, float]
            if y >= 2016:
                base = dict(counts[y])
            else:
                base = {k: v * 0.955 ** (2016 - y) for k, v in counts[2016].items()}
            row = {
                k: round(base[k] * (1 + self.dn_noise[y - 2010, j])) for j, k in enumerate(SECTORS)
            }
            row["total"] = sum(row.values())
            out[y] = row
        return out

    # ---------------------------------------------------------------- population (tenths)
    def population(
        self, last: int, p2010=2151.0, p2024=cal.AG_POPULATION_2024_THOUSAND, urb=(0.292, 0.318)
    ):
        out = {}
        for y in [y for y in YEARS if y <= last]:
            x = (y - 2010) / 14
            tot = p2010 + (p2024 - p2010) * (x**0.9)
            u = urb[0] + (urb[1] - urb[0]) * x
            urban = round(tot * u * 10)
            rural = round(tot * (1 - u) * 10)
            total = urban + rural
            male = round(total * (0.4975 - 0.002 * x))
            out[y] = {
                "total": total,
                "urban": urban,
                "rural": rural,
                "male": male,
                "female": total - male,
            }
        return out

    # ---------------------------------------------------------------- fisheries, textiles
    def fisheries(self, last: int):
        out = {}
        for y in [y for y in YEARS if y <= last]:
            x = (y - 2010) / 14
            m = self.misc[y - 2010]
            pang_area = (
                round(1620 + (cal.AG_PANGASIUS_AREA_HA - 1620) * x + 40 * m[1])
                if y < 2024
                else cal.AG_PANGASIUS_AREA_HA
            )
            other_area = round(2350 - 800 * x + 60 * m[2])
            farmed = (
                round(
                    335_000 + (cal.AG_AQUACULTURE_OUTPUT_2024_T - 335_000) * x**1.15 + 9_000 * m[3]
                )
                if y < 2024
                else cal.AG_AQUACULTURE_OUTPUT_2024_T
            )
            pang = round(farmed * (0.86 + 0.02 * x + 0.006 * m[4]))
            caught = round(24_500 - 11_000 * x + 600 * m[5])
            out[y] = [pang_area + other_area, pang_area, farmed + caught, farmed, pang, caught]
        return out

    def textiles(self, last: int):
        out = {}
        for y in [y for y in YEARS if y <= last]:
            x = (y - 2010) / 14
            m = self.misc[y - 2010]
            dip = {2020: 0.9, 2021: 0.86}.get(y, 1.0)
            fabric = (
                NIL
                if y < 2013
                else round((4.2 + 17.0 * (y - 2013) / 11) * (1 + 0.04 * m[6]) * dip, 1)
            )
            clothes = round((18.5 + 43.5 * x**1.1) * (1 + 0.03 * m[7]) * dip, 1)
            value = round((1250 + 5550 * x**1.2) * (1 + 0.03 * m[8]) * dip)
            export = (
                NA
                if y < 2012
                else round((48.0 + 187.0 * (y - 2012) / 12) * (1 + 0.04 * m[9]) * dip, 1)
            )
            out[y] = [fabric, clothes, value, export]
        return out


# ------------------------------------------------------------------------------------------------
# Table assembly
# ------------------------------------------------------------------------------------------------
def _sector_rows(
    tab: dict, years: list[int], with_tax: bool, scale10: bool = False
) -> list[tuple[str, list]]:
    f = (lambda v: round(v / 10, 1)) if scale10 else (lambda v: v)
    keys = ["total", *SECTORS] + (["tax"] if with_tax else [])
    labels = SECTOR_LABELS + ([TAX_LABEL] if with_tax else [])
    return [(lab, [f(tab[y][k]) for y in years]) for lab, k in zip(labels, keys, strict=False)]


def _footnotes(province: str, last: int, extra: list[str]) -> list[str]:
    return [
        f"Ghi chú: Số liệu năm {last} là số liệu sơ bộ.",
        f"Nguồn: Cục Thống kê tỉnh {province} "
        "(dữ liệu MÔ PHỎNG/SYNTHETIC, không phải số liệu chính thức).",
        *extra,
    ]


def an_giang_tables(model: AnGiangModel, edition: int) -> dict[str, dict]:
    years = [y for y in YEARS if y <= edition]
    gd = model.grdp(edition)
    emp = model.employment(edition)
    inv_hh, inv_ss = model.investment(edition)
    rev = [REVISION_NOTE] if edition >= 2024 else []
    t: dict[str, dict] = {}
    t["GRDP_HH"] = dict(rows=_sector_rows(gd["hh"], years, True), notes=rev)
    t["GRDP_SS"] = dict(
        rows=_sector_rows(gd["ss"], years, True), notes=["Giá so sánh năm 2010.", *rev]
    )
    for kind in ("hh", "ss"):
        sec = model.sections(edition, kind)
        rows = [("TỔNG SỐ", [gd[kind][y]["total"] for y in years])]
        rows += [(lab, [sec[y][j] for y in years]) for j, lab in enumerate(SECTION_LABELS)]
        rows.append((TAX_LABEL, [gd[kind][y]["tax"] for y in years]))
        notes = (
            (["Giá so sánh năm 2010."] if kind == "ss" else [])
            + rev
            + ["Phân ngành theo Hệ thống ngành kinh tế Việt Nam 2018 (VSIC 2018).", SYMBOL_NOTE]
        )
        t[f"GRDP_NGANH_{kind.upper()}"] = dict(rows=rows, notes=notes)
    t["LAO_DONG"] = dict(rows=_sector_rows(emp, years, False, scale10=True), notes=rev)
    t["VON_DT_HH"] = dict(rows=_sector_rows(inv_hh, years, False), notes=[])
    t["VON_DT_SS"] = dict(rows=_sector_rows(inv_ss, years, False), notes=["Giá so sánh năm 2010."])
    t["DOANH_NGHIEP"] = dict(rows=_sector_rows(model.enterprises(edition), years, False), notes=[])
    pop = model.population(edition)
    t["DAN_SO"] = dict(
        rows=[
            (lab, [round(pop[y][k] / 10, 1) for y in years])
            for lab, k in zip(
                POP_LABELS, ["total", "urban", "rural", "male", "female"], strict=False
            )
        ],
        notes=[],
    )
    fish = model.fisheries(edition)
    t["THUY_SAN"] = dict(
        rows=[(lab, [fish[y][j] for y in years]) for j, lab in enumerate(FISH_LABELS)],
        notes=["Sản lượng thủy sản = sản lượng nuôi trồng + sản lượng khai thác."],
    )
    tex = model.textiles(edition)
    t["DET_MAY"] = dict(
        rows=[(lab, [tex[y][j] for y in years]) for j, lab in enumerate(TEXTILE_LABELS)],
        notes=[SYMBOL_NOTE],
    )
    # districts
    g_rows = [("TỔNG SỐ", [gd["hh"][y]["total"] for y in years])]
    l_rows = [("TỔNG SỐ", [round(emp[y]["total"] / 10, 1) for y in years])]
    gd_split = {
        y: _largest_remainder(
            gd["hh"][y]["total"],
            DISTRICT_GRDP_SHARE
            * np.exp(model.dist_noise[y - 2010] + 0.01 * (y - 2010) * np.linspace(0.5, -0.5, 11)),
        )
        for y in years
    }
    ld_split = {
        y: _largest_remainder(
            emp[y]["total"], DISTRICT_LD_SHARE * np.exp(model.dist_ld_noise[y - 2010])
        )
        for y in years
    }
    for j, (code, name) in enumerate(DISTRICTS):
        vals: list[int | str] = [gd_split[y][j] for y in years]
        if code == "890":
            vals = [NA if y <= 2011 else v for y, v in zip(years, vals, strict=False)]
        g_rows.append((name, vals))
        l_rows.append((name, [round(ld_split[y][j] / 10, 1) for y in years]))
    t["GRDP_HUYEN"] = dict(
        rows=g_rows,
        notes=[
            *rev,
            "Số liệu Thị xã Tịnh Biên năm 2010-2011 chưa được tổng hợp theo địa giới hiện nay.",
            SYMBOL_NOTE,
        ],
    )
    t["LD_HUYEN"] = dict(rows=l_rows, notes=rev)
    for k in list(t):
        t[k]["years"] = years
    return t


def _kg_factor(y: int) -> float:
    return cal.KG_RELATIVE_SIZE * (1 + 0.02 * math.sin((y - 2010) / 3))


def kien_giang_tables(model: AnGiangModel) -> tuple[dict[str, dict], dict[str, Any]]:
    years = YEARS
    gd = model.grdp(2024)
    mult = {"agri": 1.08, "ind": 1.35, "serv": 1.02, "tax": 1.05}
    hh: dict[int, dict[str, int]] = {}
    ss: dict[int, dict[str, int]] = {}
    # the shape from old An Giang's; the current-price totals 2018-2024 are the real series
    # (E02.58 x E02.45 of Kiên Giang), earlier years scaled to meet the real 2018; the constant-
    # price table keeps the shape's deflator (scaled by the same factor each year)
    real_grdp = cal.real_grdp_current("91_pre2025")
    real_emp = cal.real_employment_tenths("91_pre2025")
    first = min(real_grdp)
    keys = (*SECTORS, "tax")
    shape = {
        kind: {y: {k: src[y][k] * mult[k] * _kg_factor(y) / 1.1 for k in keys} for y in years}
        for kind, src in (("hh", gd["hh"]), ("ss", gd["ss"]))
    }
    early = real_grdp[first] / sum(shape["hh"][first].values())
    for y in years:
        factor = real_grdp[y] / sum(shape["hh"][y].values()) if y in real_grdp else early
        for kind, dst in (("hh", hh), ("ss", ss)):
            weights = np.array([shape[kind][y][k] for k in keys])
            total = round(sum(shape[kind][y].values()) * factor)
            r = dict(zip(keys, _largest_remainder(total, weights), strict=True))
            r["total"] = total
            dst[y] = r
    emp = model.employment(2024)
    emp_shape = {
        y: {
            "agri": emp[y]["agri"] * 0.97,
            "ind": emp[y]["ind"] * 1.12,
            "serv": emp[y]["serv"] * 1.08,
        }
        for y in years
    }
    early_emp = real_emp[first] / sum(emp_shape[first].values())
    kemp = {}
    for y in years:
        total = real_emp[y] if y in real_emp else round(sum(emp_shape[y].values()) * early_emp)
        weights = np.array(list(emp_shape[y].values()))
        r = dict(zip(SECTORS, _largest_remainder(total, weights), strict=True))
        r["total"] = total
        kemp[y] = r
    inv_hh, inv_ss = model.investment(2024)
    khh: dict[int, dict[str, int]] = {}
    kss: dict[int, dict[str, int]] = {}
    for y in years:
        for src, dst in ((inv_hh, khh), (inv_ss, kss)):
            r = {k: round(src[y][k] * 1.22 * (1.15 if k == "serv" else 1.0)) for k in SECTORS}
            r["total"] = sum(r.values())
            dst[y] = r
    dn = model.enterprises(2024)
    kdn = {}
    for y in years:
        r = {k: round(dn[y][k] * m) for k, m in zip(SECTORS, (1.15, 1.22, 1.30), strict=False)}
        r["total"] = sum(r.values())
        kdn[y] = r
    pop = model.population(
        2024, p2010=1690.0, p2024=cal.KG_POPULATION_2024_THOUSAND, urb=(0.268, 0.305)
    )
    t: dict[str, dict[str, Any]] = {
        "GRDP_HH": dict(rows=_sector_rows(hh, years, True), notes=[]),
        "GRDP_SS": dict(rows=_sector_rows(ss, years, True), notes=["Giá so sánh năm 2010."]),
        "LAO_DONG": dict(rows=_sector_rows(kemp, years, False, scale10=True), notes=[]),
        "VON_DT_HH": dict(rows=_sector_rows(khh, years, False), notes=[]),
        "VON_DT_SS": dict(rows=_sector_rows(kss, years, False), notes=["Giá so sánh năm 2010."]),
        "DOANH_NGHIEP": dict(rows=_sector_rows(kdn, years, False), notes=[]),
        "DAN_SO": dict(
            rows=[
                (lab, [round(pop[y][k] / 10, 1) for y in years])
                for lab, k in zip(
                    POP_LABELS, ["total", "urban", "rural", "male", "female"], strict=False
                )
            ],
            notes=[],
        ),
    }
    for k in list(t):
        t[k]["years"] = years
    return t, dict(hh=hh, ss=ss, emp=kemp, inv_hh=khh, inv_ss=kss, dn=kdn, pop=pop)


def merged_tables(model: AnGiangModel, kg: dict) -> dict[str, dict]:
    """Merged province (code 91, from 2025-07-01), one preliminary year 2025."""
    y = 2025
    ag = model.grdp(2024)
    emp = model.employment(2024)
    inv_hh, inv_ss = model.investment(2024)
    dn = model.enterprises(2024)
    pop = model.population(2024)

    def comb(a, b, keys, growth):
        r = {k: round((a[k] + b[k]) * growth.get(k, growth["*"])) for k in keys}
        r["total"] = sum(r.values())
        return {y: r}

    hh = comb(
        ag["hh"][2024],
        kg["hh"][2024],
        (*SECTORS, "tax"),
        {
            "agri": 1.031 * 1.035,
            "ind": 1.105 * 1.02,
            "serv": 1.082 * 1.04,
            "tax": 1.075 * 1.03,
            "*": 1,
        },
    )
    ss = comb(
        ag["ss"][2024],
        kg["ss"][2024],
        (*SECTORS, "tax"),
        {"agri": 1.031, "ind": 1.105, "serv": 1.082, "tax": 1.075, "*": 1},
    )
    le = comb(
        emp[2024], kg["emp"][2024], SECTORS, {"agri": 0.985, "ind": 1.02, "serv": 1.012, "*": 1}
    )
    ih = comb(inv_hh[2024], kg["inv_hh"][2024], SECTORS, {"*": 1.085})
    iss = comb(inv_ss[2024], kg["inv_ss"][2024], SECTORS, {"*": 1.055})
    d = comb(dn[2024], kg["dn"][2024], SECTORS, {"*": 1.04})
    pa, pk = pop[2024], kg["pop"][2024]
    urban = round((pa["urban"] + pk["urban"]) * 1.006)
    rural = round((pa["rural"] + pk["rural"]) * 0.997)
    total = urban + rural
    male = round(total * 0.4952)
    p = {"total": total, "urban": urban, "rural": rural, "male": male, "female": total - male}
    note = (
        "Tỉnh An Giang (mới) được thành lập từ ngày 01/7/2025 trên cơ sở hợp nhất "
        "tỉnh An Giang và tỉnh "
        "Kiên Giang; số liệu năm 2025 tính theo địa giới mới."
    )
    years = [y]
    t: dict[str, dict[str, Any]] = {
        "GRDP_HH": dict(rows=_sector_rows(hh, years, True), notes=[note]),
        "GRDP_SS": dict(rows=_sector_rows(ss, years, True), notes=["Giá so sánh năm 2010.", note]),
        "LAO_DONG": dict(rows=_sector_rows(le, years, False, scale10=True), notes=[note]),
        "VON_DT_HH": dict(rows=_sector_rows(ih, years, False), notes=[note]),
        "VON_DT_SS": dict(
            rows=_sector_rows(iss, years, False), notes=["Giá so sánh năm 2010.", note]
        ),
        "DOANH_NGHIEP": dict(rows=_sector_rows(d, years, False), notes=[note]),
        "DAN_SO": dict(
            rows=[
                (lab, [round(p[k] / 10, 1)])
                for lab, k in zip(
                    POP_LABELS, ["total", "urban", "rural", "male", "female"], strict=False
                )
            ],
            notes=[note],
        ),
    }
    for k in list(t):
        t[k]["years"] = years
    return t


# ------------------------------------------------------------------------------------------------
# Writers
# ------------------------------------------------------------------------------------------------
def _header(years: list[int]) -> list:
    return [*years[:-1], f"Sơ bộ {years[-1]}"]


def write_workbook(
    path: pathlib.Path, tables: dict[str, dict], sheets: list[str], province: str
) -> int:
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties(
        {
            "title": f"Niên giám thống kê tỉnh {province} (dữ liệu mô phỏng)",
            "comments": "SYNTHETIC data - dữ liệu MÔ PHỎNG, không phải số liệu chính thức.",
            "author": "tools.synthetic",
            "created": dt.datetime(2025, 6, 30),
        }
    )
    bold = wb.add_format({"bold": True})
    f0 = wb.add_format({"num_format": "#,##0"})
    f1 = wb.add_format({"num_format": "#,##0.0"})
    right = wb.add_format({"align": "right"})
    n_rows = 0
    for code in sheets:
        tab = tables[code]
        ws = wb.add_worksheet(code)
        ws.write_string(0, 0, f"{code} - {TITLES[code]}", bold)
        ws.write_string(1, 0, f"Đơn vị tính: {UNITS[code]}")
        for c, h in enumerate(_header(tab["years"]), start=1):
            if isinstance(h, str):
                ws.write_string(2, c, h, bold)
            else:
                ws.write_number(2, c, h, bold)
        r = 3
        for label, vals in tab["rows"]:
            ws.write_string(r, 0, label)
            for c, v in enumerate(vals, start=1):
                if isinstance(v, str):
                    ws.write_string(r, c, v, right)
                else:
                    ws.write_number(r, c, v, f1 if isinstance(v, float) else f0)
            r += 1
            n_rows += 1
        r += 1
        last = tab["years"][-1]
        for note in _footnotes(province, last, tab["notes"]):
            ws.write_string(r, 0, note)
            r += 1
        ws.set_column(0, 0, 48)
        ws.set_column(1, len(tab["years"]), 10)
    wb.close()
    return n_rows


def write_csv_table(path: pathlib.Path, code: str, tab: dict, province: str) -> int:
    def fmt(v):
        if isinstance(v, str):
            return v
        if isinstance(v, float):
            return f"{v:.1f}".replace(".", ",")
        return str(v)

    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow([f"{code} - {TITLES[code]}"])
        w.writerow([f"Đơn vị tính: {UNITS[code]}"])
        w.writerow(["", *[str(h) for h in _header(tab["years"])]])
        for label, vals in tab["rows"]:
            w.writerow([label, *[fmt(v) for v in vals]])
        w.writerow([])
        for note in _footnotes(province, tab["years"][-1], tab["notes"]):
            w.writerow([note])
    return len(tab["rows"])


FILES = {
    "an_giang_89_nien_giam_2023.xlsx": "AG2023",
    "an_giang_89_nien_giam_2024.xlsx": "AG2024",
    "kien_giang_91_nien_giam_2024.xlsx": "KG2024",
    "an_giang_91_nien_giam_2025.xlsx": "MERGED2025",
    "an_giang_89_nien_giam_2024_DAN_SO.csv": "AG2024_DAN_SO_CSV",
}


def write_statistics_office(
    out_dir: pathlib.Path,
    enterprise_counts: dict[int, dict[str, int]],
    seed: int = 2022,
    progress=None,
) -> dict[str, int]:
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = AnGiangModel(seed, enterprise_counts)
    task = (
        progress.add_task("statistics office", total=len(FILES)) if progress is not None else None
    )
    written = {}

    def done(name, n):
        written[name] = n
        if task is not None:
            progress.update(task, advance=1)

    ag23 = an_giang_tables(model, 2023)
    done(
        "an_giang_89_nien_giam_2023.xlsx",
        write_workbook(out_dir / "an_giang_89_nien_giam_2023.xlsx", ag23, AG_SHEETS, "An Giang"),
    )
    ag24 = an_giang_tables(model, 2024)
    done(
        "an_giang_89_nien_giam_2024.xlsx",
        write_workbook(out_dir / "an_giang_89_nien_giam_2024.xlsx", ag24, AG_SHEETS, "An Giang"),
    )
    kg, kg_raw = kien_giang_tables(model)
    done(
        "kien_giang_91_nien_giam_2024.xlsx",
        write_workbook(
            out_dir / "kien_giang_91_nien_giam_2024.xlsx", kg, PROVINCE_SHEETS, "Kiên Giang"
        ),
    )
    mg = merged_tables(model, kg_raw)
    done(
        "an_giang_91_nien_giam_2025.xlsx",
        write_workbook(
            out_dir / "an_giang_91_nien_giam_2025.xlsx", mg, PROVINCE_SHEETS, "An Giang"
        ),
    )
    done(
        "an_giang_89_nien_giam_2024_DAN_SO.csv",
        write_csv_table(
            out_dir / "an_giang_89_nien_giam_2024_DAN_SO.csv", "DAN_SO", ag24["DAN_SO"], "An Giang"
        ),
    )
    return written
