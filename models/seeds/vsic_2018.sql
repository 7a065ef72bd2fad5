-- VSIC 2018 (Decision 27/2018/QĐ-TTg), all five levels: 21 sections, 88 divisions, 242 groups,
-- 464 classes (the decision says 486; see sources/reference/README.md) and 734 subclasses.
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
