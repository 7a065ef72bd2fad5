"""Calibration figures for the synthetic sources.

Everything the generator produces is SYNTHETIC.  Only the magnitudes below are
anchored to public figures; every other number is made up to be plausible.
Each constant names the source it was taken from.
"""

from __future__ import annotations

# --- Viet Nam, national (General Statistics Office of Viet Nam, socio-economic reports) -----
# Labour productivity at current prices, million VND per employed worker.
# 2020 is on the revised employment basis.
VN_LABOUR_PRODUCTIVITY_CURRENT = {
    2019: 110.4,
    2020: 150.1,
    2021: 172.8,
    2022: 188.0,
    2023: 199.3,
    2024: 221.9,
}
# Average real labour-productivity growth 2016-2020, % per year (GSO).
VN_LP_REAL_GROWTH_2016_2020 = 6.05

# --- Old An Giang province (code 89) ------------------------------------------------------
# GRDP at current prices, billion VND
# (An Giang Statistics Office / provincial socio-economic reports).
AG_GRDP_CURRENT = {2020: 89_362, 2024: 126_771}
# Approximate values used as the *first published* figures (edition 2023 yearbook).
AG_GRDP_CURRENT_APPROX = {2022: 102_720, 2023: 115_732}
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
# Employment (thousand persons): old An Giang ~1.1-1.2 million,
# agriculture share falling 50 % -> 35 %.
AG_EMPLOYMENT_2010 = 1_168.0
AG_EMPLOYMENT_2024 = 1_136.0
AG_AGRI_EMPLOYMENT_SHARE = {2010: 0.505, 2024: 0.352}
AG_IND_EMPLOYMENT_SHARE = {2010: 0.140, 2024: 0.205}
# Investment as share of GRDP (25-35 %).
INVESTMENT_SHARE = (0.26, 0.33)
# Old Kien Giang GRDP relative to old An Giang.
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
