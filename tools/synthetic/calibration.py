"""Calibration figures for the synthetic sources.

Everything the generator produces is SYNTHETIC.  Only the magnitudes below are
anchored to public figures; every other number is made up to be plausible.
Each constant names the source it was taken from.
"""

from __future__ import annotations

import pathlib
from functools import cache

from pipelines.ingest.pxweb import read_pxweb_file

# --- Real series the yearbook totals are calibrated to ------------------------------------------
# The statistics office's own PX-Web tables shipped in sources/statistics_office_pxweb/ (real):
# E02.45 employed persons and E02.58 labour productivity (current prices) by province, 2018-2024.
# The synthetic yearbooks' province totals are made to agree with them (employment = E02.45,
# GRDP at current prices = E02.58 x E02.45), so the reconciliation checks pass on the sample.
PXWEB_DIR = pathlib.Path(__file__).resolve().parents[2] / "sources" / "statistics_office_pxweb"
REAL_SERIES_FILES = {
    "employment": "11_employed_persons_by_province_2018_2024__2026-06-21.xlsx",
    "labour_productivity": "24_labour_productivity_by_province_2018_2024__2026-06-21.xlsx",
}
REAL_YEARS = range(2018, 2025)


@cache
def real_province_series(geography_code: str) -> dict[int, tuple[float, float]]:
    """{year: (employed, thousand persons; labour productivity, million VND per worker)}."""
    values: dict[str, dict[int, float]] = {}
    for measure, name in REAL_SERIES_FILES.items():
        for read in read_pxweb_file(PXWEB_DIR / name):
            cells = read.cells.filter(read.cells["geography_code"] == geography_code)
            for year, value, unit in cells.select("year", "value", "unit").iter_rows():
                scale = 1000.0 if unit == "persons" else 1.0
                values.setdefault(measure, {})[year] = value / scale
    return {
        year: (values["employment"][year], values["labour_productivity"][year])
        for year in REAL_YEARS
    }


def real_grdp_current(geography_code: str) -> dict[int, float]:
    """GRDP at current prices (billion VND) implied by E02.58 x E02.45."""
    return {y: e * lp for y, (e, lp) in real_province_series(geography_code).items()}


def real_employment_tenths(geography_code: str) -> dict[int, int]:
    """E02.45 in tenths of a thousand persons: the yearbook prints one decimal."""
    return {y: round(e * 10) for y, (e, _) in real_province_series(geography_code).items()}


# --- Viet Nam, national (General Statistics Office of Viet Nam, socio-economic reports) -----
# --- Old An Giang province (code 89) ------------------------------------------------------
# GRDP at current prices 2018-2024 comes from the real series above. The edition-2023 yearbook
# first published 2022 and 2023 a little lower (made up: the later edition revises them up).
FIRST_PUBLISHED_GRDP_RATIO = {2022: 0.9969, 2023: 0.9860}
FIRST_PUBLISHED_EMPLOYMENT_RATIO = {2022: 0.9985, 2023: 1.0040}
# Real GRDP growth, % (total and by sector: agriculture-forestry-fishery,
# industry-construction, services).
AG_GROWTH_2020 = {"total": 5.45, "agri": 2.11, "ind": 8.58, "serv": 7.26}
AG_GROWTH_2024 = {"total": 7.16, "agri": 3.67, "ind": 12.73, "serv": 8.34}
# 2023 real growth: first published 7.36 %, later revised to 6.14 %.
AG_GROWTH_2023_FIRST = 7.36
AG_GROWTH_2023_REVISED = 6.14
# Aquaculture output 2024 (tonnes) and pangasius pond area (ha), An Giang reports.
AG_AQUACULTURE_OUTPUT_2024_T = 704_300
AG_PANGASIUS_AREA_HA = 3_100
# Population: old An Giang ~1.9 million (GSO average population).
AG_POPULATION_2024_THOUSAND = 1_905.0
# Old Kien Giang: ~1.75 million (made up plausibly, per brief).
KG_POPULATION_2024_THOUSAND = 1_752.0
# The merged province (An Giang, code 91 since 1 July 2025) is often quoted at ~4.95 million
# inhabitants (the figure used in the merger documents, a different population concept).  It is
# NOT used: the synthetic 2025 yearbook adds the two old provinces' average population
# (~3.7 million)
# so that the tables stay internally consistent.
MERGED_POPULATION_QUOTED_MILLION = 4.95

# --- Made-up but plausible assumptions (not public figures) --------------------------------
# Real growth of old An Giang by year, % (years other than 2020, 2023, 2024 are invented).
AG_REAL_GROWTH = {
    2011: 6.80,
    2012: 5.90,
    2013: 5.40,
    2014: 5.15,
    2015: 5.05,
    2016: 5.20,
    2017: 5.62,
    2018: 6.35,
    2019: 6.48,
    2020: AG_GROWTH_2020["total"],
    2021: 1.52,
    2022: 6.80,
}
AG_REAL_GROWTH_2022_REVISED = 6.95
AG_REAL_GROWTH_2024 = AG_GROWTH_2024["total"]
# Sector real growth (agri, ind, serv) used for non-anchored years (a common shift makes them
# add up to the total growth).
SECTOR_GROWTH_BASE = {"agri": 3.2, "ind": 7.0, "serv": 6.6}
# Implicit GRDP deflator growth (%), invented for years not pinned by the anchors.
AG_DEFLATOR = {
    2011: 9.5,
    2012: 6.8,
    2013: 4.2,
    2014: 3.9,
    2015: 1.8,
    2016: 2.6,
    2017: 3.4,
    2018: 3.5,
    2019: 3.1,
    2020: 2.4,
    2021: 3.05,
}
# Shares at current prices in 2010 (agri, ind, serv, taxes).
AG_SHARES_2010 = {"agri": 0.385, "ind": 0.128, "serv": 0.442, "tax": 0.045}
# Employment (thousand persons) before 2018, the shape only: the trend is scaled so that 2018
# meets E02.45; agriculture's share falls 50 % -> 35 %.
AG_EMPLOYMENT_2010 = 1_168.0
AG_EMPLOYMENT_2024 = 1_136.0
AG_AGRI_EMPLOYMENT_SHARE = {2010: 0.505, 2024: 0.352}
AG_IND_EMPLOYMENT_SHARE = {2010: 0.140, 2024: 0.205}
# Investment as share of GRDP (25-35 %).
INVESTMENT_SHARE = (0.26, 0.33)
# Old Kien Giang GRDP relative to old An Giang, the shape before 2018 (scaled to the real 2018).
KG_RELATIVE_SIZE = 1.10

# --- Enterprise survey (synthetic), scale 1 -----------------------------------------------
SURVEY_YEARS = list(range(2016, 2025))
# Enterprises surveyed per year at scale 1 (sum ~= 10,000 rows; scale 100 ~= 1,000,000 rows).
SURVEY_BASE_COUNTS = {
    2016: 968,
    2017: 1012,
    2018: 1060,
    2019: 1103,
    2020: 1092,
    2021: 1110,
    2022: 1163,
    2023: 1215,
    2024: 1277,
}
# Average VND per USD (State Bank central rate, approximate annual averages).
VND_PER_USD = {
    2016: 22_370,
    2017: 22_720,
    2018: 22_980,
    2019: 23_150,
    2020: 23_210,
    2021: 23_160,
    2022: 23_410,
    2023: 23_830,
    2024: 24_860,
}
