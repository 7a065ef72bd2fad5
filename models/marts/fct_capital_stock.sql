-- Real capital stock by the perpetual inventory method (phương pháp kiểm kê liên tục), from
-- realised investment at constant 2010 prices, by geography, sector and year; with capital
-- intensity (capital per worker) and capital productivity (value added per unit of capital).
--   K_first = Ī / (g + δ)             (Harberger 1978: Ī, g = mean investment and its mean
--                                       annual growth over the first `pim_initial_years` years;
--                                       g is floored at 0 so that g + δ ≥ δ)
--   K_t     = I_t + (1 - δ) · K_(t-1)  for every later year
-- δ and the initial-stock rule are parameters in reference.productivity_parameters; the formula
-- is the @perpetual_inventory macro (pipelines/lib/perpetual_inventory.py), which also builds the
-- stocks of the TFP assumption grid (fct_growth_accounting_assumptions).
MODEL (
  name marts.fct_capital_stock,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year),
  audits (
    unique_combination_of_columns(columns := (geography_code, sector_code, year)),
    not_null(columns := (geography_code, sector_code, year, investment_constant_2010_mvnd, capital_stock_constant_2010_mvnd, obs_status, conf_status)),
    accepted_range(column := capital_stock_constant_2010_mvnd, min_v := 0),
    accepted_range(column := capital_productivity, min_v := 0.01, max_v := 10)
  )
);

WITH parameters AS (
  SELECT
    MAX(value) FILTER (WHERE parameter = 'pim_depreciation_rate') AS depreciation_rate,
    MAX(value) FILTER (WHERE parameter = 'pim_initial_years')::INT AS initial_years
  FROM reference.productivity_parameters
), inputs AS (
  SELECT
    i.geography_code,
    i.sector_code,
    i.year,
    i.investment_constant_2010_mvnd AS investment,
    i.value_added_constant_2010_mvnd AS value_added,
    i.employment_persons AS employment,
    i.is_preliminary,
    i.edition
  FROM intermediate.int_sector_year_inputs AS i
  WHERE
    i.sector_code IN ('TOTAL', 'AGR', 'IND', 'SRV') AND NOT i.investment_constant_2010_mvnd IS NULL
), series AS (
  /* the central estimate: δ and the initial-stock rule of the parameters table */
  SELECT
    i.geography_code || '|' || i.sector_code AS series_id,
    i.year,
    i.investment,
    i.value_added AS output,
    p.depreciation_rate,
    p.initial_years,
    'investment_growth' AS initial_growth_rule
  FROM inputs AS i
  CROSS JOIN parameters AS p
), stock AS (
  SELECT
    i.*,
    k.capital_stock,
    k.initial_stock,
    k.initial_growth AS investment_growth,
    k.depreciation_rate
  FROM (@perpetual_inventory(series)) AS k
  JOIN inputs AS i
    ON k.series_id = i.geography_code || '|' || i.sector_code AND k.year = i.year
)
SELECT
  geography_code::TEXT AS geography_code, /* 89, 91_pre2025, 91_comparable (merged province's comparable series) */
  sector_code::TEXT AS sector_code, /* TOTAL, AGR, IND, SRV */
  year::INT AS year, /* reference year; the stock is at the end of the year */
  investment::DOUBLE AS investment_constant_2010_mvnd, /* realised investment I_t, million VND, constant 2010 prices */
  capital_stock::DOUBLE AS capital_stock_constant_2010_mvnd, /* end-of-year capital stock K_t by perpetual inventory, million VND, constant 2010 prices */
  @safe_ratio(capital_stock, employment)::DOUBLE AS capital_intensity_mvnd_per_worker, /* K / average employed persons, million VND per worker */
  @safe_ratio(value_added, capital_stock)::DOUBLE AS capital_productivity, /* value added / K, both at constant 2010 prices (VND of output per VND of capital) */
  depreciation_rate::DOUBLE AS depreciation_rate, /* δ used */
  initial_stock::DOUBLE AS initial_stock_constant_2010_mvnd, /* K of the first year, Ī / (g + δ) */
  investment_growth::DOUBLE AS initial_investment_growth, /* g used for the initial stock, before flooring at 0 */
  'constant_2010'::TEXT AS price_basis, /* constant_2010: every money column is at constant 2010 prices */
  2010::INT AS price_base_year, /* base year of the constant prices */
  'million VND (stocks, investment); million VND per worker (intensity); ratio (productivity, δ, g)'::TEXT AS unit, /* units of the measures */
  CASE WHEN is_preliminary THEN 'P' ELSE 'A' END::TEXT AS obs_status, /* SDMX: P an input of the year is preliminary (sơ bộ), A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  is_preliminary::BOOLEAN AS is_preliminary, /* some input of the year (value added, employment, investment) is preliminary (sơ bộ) in its edition */
  edition::INT AS edition, /* latest yearbook edition among the inputs */
  'statistics_office yearbook: VON_DT_SS, GRDP_SS, LAO_DONG'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM stock
