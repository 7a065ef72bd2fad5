-- The 63 provinces and centrally-run cities before the 1 July 2025 reform (GSO codes, Decision
-- 124/2004/QĐ-TTg), each with its socio-economic region, and Hà Tây (merged into Hà Nội on
-- 1 August 2008), which the statistics office's older tables still print. Sources:
-- sources/reference/README.md.
MODEL (
  name reference.provinces,
  kind SEED (path '../../sources/reference/provinces.csv'),
  owner dost_data_team,
  grain code,
  columns (
    code TEXT,
    name_vi TEXT,
    region_code TEXT,
    valid_from DATE,
    valid_to DATE
  ),
  audits (unique_values(columns := (code)), not_null(columns := (code, name_vi, region_code)))
)
