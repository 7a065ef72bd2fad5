-- The province's series in the shape the growth-accounting macro takes: output = value added at
-- constant 2010 prices (GRDP for TOTAL), capital = perpetual-inventory capital stock, labour =
-- average employed persons (the yearbook has no hours), labour share α and the statistics
-- office's fixed weight b_L from reference.productivity_parameters.
MODEL (
  name intermediate.int_growth_accounting_inputs,
  kind FULL,
  owner dost_data_team,
  grain (series_id, year),
  audits (
    unique_combination_of_columns(columns := (series_id, year)),
    not_null(columns := (series_id, output, capital, labour, labour_share))
  )
);

WITH parameters AS (
  SELECT
    parameter,
    sector_code,
    value
  FROM reference.productivity_parameters
), capital AS (
  SELECT
    geography_code,
    sector_code,
    year,
    capital_stock_constant_2010_mvnd
  FROM marts.fct_capital_stock
)
SELECT
  (i.geography_code || '|' || i.sector_code)::TEXT AS series_id, /* geography|sector */
  i.geography_code::TEXT AS geography_code,
  i.sector_code::TEXT AS sector_code,
  i.year::INT AS year,
  i.value_added_constant_2010_mvnd::DOUBLE AS output, /* Y: value added, million VND, constant 2010 prices */
  c.capital_stock_constant_2010_mvnd::DOUBLE AS capital, /* K: capital stock, million VND, constant 2010 prices */
  i.employment_persons::DOUBLE AS labour, /* L: average employed persons */
  share.value::DOUBLE AS labour_share, /* α: labour share of value added (parameter; the yearbook publishes no compensation) */
  'parameter'::TEXT AS labour_share_source,
  weight.value::DOUBLE AS fixed_labour_share /* b_L of the statistics office's form */
FROM intermediate.int_sector_year_inputs AS i
JOIN capital AS c
  ON i.geography_code = c.geography_code AND i.sector_code = c.sector_code AND i.year = c.year
JOIN parameters AS share
  ON share.parameter = 'labour_share' AND share.sector_code = i.sector_code
JOIN parameters AS weight
  ON weight.parameter = 'gso_labour_weight' AND weight.sector_code = 'ALL'
WHERE
  NOT i.value_added_constant_2010_mvnd IS NULL AND NOT i.employment_persons IS NULL
