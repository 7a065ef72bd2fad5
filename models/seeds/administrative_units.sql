-- Administrative units (Decision 124/2004/QĐ-TTg codes): old An Giang (89) and old Kiên Giang (91),
-- their district-level units and communes, valid to 30 June 2025.
MODEL (
  name reference.administrative_units,
  kind SEED (path '../../sources/reference/administrative_units.csv'),
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
