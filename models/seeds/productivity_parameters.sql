-- Documented parameters of the productivity measures: depreciation and initial-stock rule of
-- the perpetual inventory, labour shares of the growth accounts, the statistics office's fixed
-- weights, and the disclosure-control thresholds. Change a value here, and `plan` rebuilds
-- every measure that uses it.
MODEL (
  name reference.productivity_parameters,
  kind SEED (path 'productivity_parameters.csv'),
  owner dost_data_team,
  grain (parameter, sector_code),
  columns (
    parameter TEXT,
    sector_code TEXT,
    value DOUBLE,
    unit TEXT,
    description TEXT,
    source TEXT
  ),
  audits (unique_combination_of_columns(columns := (parameter, sector_code)))
)
