-- The assumptions the growth accounts and the Decision 36 TFP share are also published under:
-- each factor's levels, the central one first. Every combination of levels is one assumption
-- (the labour share does not apply to the statistics office's fixed-weight form). A level with
-- no value takes the parameter of reference.productivity_parameters, so the central assumption
-- is the published one by construction.
MODEL (
  name reference.tfp_assumption_grid,
  kind SEED (path 'tfp_assumption_grid.csv'),
  owner dost_data_team,
  grain (factor, level_code),
  columns (
    factor TEXT,
    level_code TEXT,
    value DOUBLE,
    is_central BOOLEAN,
    description_en TEXT,
    description_vi TEXT,
    source TEXT
  ),
  audits (
    unique_combination_of_columns(columns := (factor, level_code)),
    accepted_values(column := factor, is_in := ('labour_share', 'depreciation_rate', 'initial_stock_rule', 'form'))
  )
)
