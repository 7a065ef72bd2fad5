-- Old → new administrative units at the 1 July 2025 reform: provinces 89 and 91 into the new 91,
-- districts (abolished) into the province, old communes into new communes.
MODEL (
  name reference.administrative_crosswalk_2025,
  kind SEED (path '../../sources/reference/administrative_crosswalk_2025.csv'),
  owner dost_data_team,
  grain (old_code, old_level, new_code),
  columns (
    old_code TEXT,
    old_level TEXT,
    old_name_vi TEXT,
    old_parent_code TEXT,
    new_code TEXT,
    new_level TEXT,
    new_name_vi TEXT,
    valid_from DATE,
    weight DOUBLE,
    source TEXT
  ),
  audits (unique_combination_of_columns(columns := (old_code, old_level, new_code)))
)
