-- Administrative units of the merged An Giang province (code 91) from 1 July 2025: the province
-- and its 102 commune-level units (Resolution 202/2025/QH15, Resolution 1654/NQ-UBTVQH15).
MODEL (
  name reference.administrative_units_2025,
  kind SEED (path '../../sources/reference/administrative_units_2025.csv'),
  owner dost_data_team,
  grain (code, valid_from),
  columns (
    code TEXT,
    level TEXT,
    name_vi TEXT,
    parent_code TEXT,
    valid_from DATE,
    valid_to DATE
  ),
  audits (unique_combination_of_columns(columns := (code, valid_from)))
)
