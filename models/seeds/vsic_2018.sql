-- VSIC 2018 codes (Decision 27/2018/QĐ-TTg) known to the project: all 21 sections and the
-- divisions, groups, classes and subclasses the data uses.
MODEL (
  name reference.vsic_2018,
  kind SEED (path '../../sources/reference/vsic_2018.csv'),
  owner dost_data_team,
  grain code,
  columns (
    code TEXT,
    level INT,
    parent_code TEXT,
    name_vi TEXT,
    name_en TEXT
  ),
  audits (unique_values(columns := (code)))
)
