-- The whole country (VN) and its six socio-economic regions, as the statistics office's tables
-- print them. Sources: sources/reference/README.md.
MODEL (
  name reference.regions,
  kind SEED (path '../../sources/reference/regions.csv'),
  owner dost_data_team,
  grain code,
  columns (
    code TEXT,
    name_vi TEXT,
    name_en TEXT
  ),
  audits (unique_values(columns := (code)))
)
