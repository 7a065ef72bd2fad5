-- The break register: every change of definition or basis that makes a series' years before
-- and after not comparable, with how the product handles it. Models read the break years from
-- here, never from their own code. The one handling implemented is not_comparable (growth across
-- the break withheld, the first year on the new basis flagged B): a ratio splice needs an
-- overlap year published on both definitions, which no edition the product holds has.
MODEL (
  name reference.series_breaks,
  kind SEED (path 'series_breaks.csv'),
  owner dost_data_team,
  grain break_code,
  columns (
    break_code TEXT,
    measure TEXT,
    geography_scope TEXT,
    first_year INT,
    overlap_year INT,
    handling TEXT,
    description_en TEXT,
    description_vi TEXT,
    source TEXT
  ),
  audits (
    unique_values(columns := (break_code)),
    accepted_values(column := handling, is_in := ('not_comparable'))
  )
)
