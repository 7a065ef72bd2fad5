-- The 34 provincial units from 1 July 2025 (Resolution 202/2025/QH15), each with the pre-2025
-- province codes merged into it (';'-separated). Sources: sources/reference/README.md.
MODEL (
  name reference.provinces_2025,
  kind SEED (path '../../sources/reference/provinces_2025.csv'),
  owner dost_data_team,
  grain code,
  columns (
    code TEXT,
    name_vi TEXT,
    formed_from_codes TEXT,
    valid_from DATE
  ),
  audits (unique_values(columns := (code)), not_null(columns := (code, name_vi, formed_from_codes)))
)
