-- The VSIC 2018 codes of the province's two key sectors (fisheries/aquaculture, textiles and
-- garments): a code and every code below it belong to the group. The one home of these codes;
-- see sources/reference/README.md for the choices made.
MODEL (
  name reference.key_sectors,
  kind SEED (path '../../sources/reference/key_sectors.csv'),
  owner dost_data_team,
  grain vsic_code,
  columns (
    vsic_code TEXT,
    key_sector_group TEXT,
    key_sector TEXT,
    name_en TEXT
  ),
  audits (unique_values(columns := (vsic_code)), not_null(columns := (vsic_code, key_sector_group, key_sector)))
)
