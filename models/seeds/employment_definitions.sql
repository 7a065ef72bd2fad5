-- Versions of the employment definition behind "average employed persons"; every labour
-- productivity figure says which one its denominator uses, so series are never spliced silently.
MODEL (
  name reference.employment_definitions,
  kind SEED (path 'employment_definitions.csv'),
  owner dost_data_team,
  grain employment_definition,
  columns (
    employment_definition TEXT,
    first_year INT,
    last_year INT,
    description_en TEXT,
    description_vi TEXT
  ),
  audits (unique_values(columns := (employment_definition)))
)
