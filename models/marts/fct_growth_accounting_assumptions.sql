-- The growth accounts under every assumption of the TFP grid (reference.tfp_assumption_grid):
-- labour share (0.45, the sector parameter, 0.65), depreciation (4 %, the parameter, 10 %), the
-- initial capital stock rule (Harberger on investment or on output growth) and the form
-- (Törnqvist in log differences, or the statistics office's fixed weight b_L on simple growth
-- rates). One row per geography, sector, year and assumption; the central assumption
-- reproduces fct_growth_accounting. TFP is a residual: the spread of these rows is the
-- uncertainty that the choice of assumptions puts on it.
-- Across the 2020 employment-definition break (reference.series_breaks) labour growth, and so
-- TFP growth, is not comparable: those cells are NULL and the row is flagged B.
MODEL (
  name marts.fct_growth_accounting_assumptions,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year, assumption_code),
  audits (
    unique_combination_of_columns(columns := (geography_code, sector_code, year, assumption_code)),
    not_null(columns := (geography_code, sector_code, year, assumption_code, form, output_growth, is_central, obs_status, conf_status))
  )
);

WITH parameters AS (
  SELECT
    MAX(value) FILTER (WHERE parameter = 'pim_depreciation_rate') AS depreciation_rate,
    MAX(value) FILTER (WHERE parameter = 'pim_initial_years')::INT AS initial_years,
    MAX(value) FILTER (WHERE parameter = 'gso_labour_weight') AS gso_labour_weight
  FROM reference.productivity_parameters
), grid AS (
  SELECT
    factor,
    level_code,
    value,
    is_central
  FROM reference.tfp_assumption_grid
), stock_variants AS (
  /* the capital stock depends on δ and the initial-stock rule only */
  SELECT
    d.level_code AS depreciation_level,
    COALESCE(d.value, p.depreciation_rate) AS depreciation_rate,
    r.level_code AS initial_stock_rule,
    d.is_central AND r.is_central AS is_central
  FROM grid AS d
  JOIN grid AS r
    ON d.factor = 'depreciation_rate' AND r.factor = 'initial_stock_rule'
  CROSS JOIN parameters AS p
), inputs AS (
  SELECT
    geography_code,
    sector_code,
    year,
    investment_constant_2010_mvnd AS investment,
    value_added_constant_2010_mvnd AS output,
    employment_persons AS labour
  FROM intermediate.int_sector_year_inputs
  WHERE
    sector_code IN ('TOTAL', 'AGR', 'IND', 'SRV')
    AND NOT investment_constant_2010_mvnd IS NULL
    AND NOT value_added_constant_2010_mvnd IS NULL
    AND NOT employment_persons IS NULL
), stock_series AS (
  SELECT
    i.geography_code || '|' || i.sector_code || '|' || v.depreciation_level || '|' || v.initial_stock_rule AS series_id,
    i.year,
    i.investment,
    i.output,
    v.depreciation_rate,
    p.initial_years,
    v.initial_stock_rule AS initial_growth_rule
  FROM inputs AS i
  CROSS JOIN stock_variants AS v
  CROSS JOIN parameters AS p
), stocks AS (
  SELECT
    series_id,
    year,
    capital_stock
  FROM (@perpetual_inventory(stock_series)) AS k
), assumptions AS (
  SELECT
    s.geography_code,
    s.sector_code,
    f.level_code AS form,
    v.depreciation_level,
    v.depreciation_rate,
    v.initial_stock_rule,
    CASE WHEN f.level_code = 'tornqvist' THEN COALESCE(l.value, share.value) END AS labour_share,
    p.gso_labour_weight,
    f.is_central AND v.is_central AND l.is_central AS is_central
  FROM (SELECT DISTINCT geography_code, sector_code FROM inputs) AS s
  CROSS JOIN stock_variants AS v
  CROSS JOIN parameters AS p
  JOIN grid AS f
    ON f.factor = 'form'
  JOIN grid AS l
    ON l.factor = 'labour_share'
    /* the fixed-weight form has no labour share: one assumption per δ and rule */
    AND (f.level_code = 'tornqvist' OR l.is_central)
  JOIN reference.productivity_parameters AS share
    ON share.parameter = 'labour_share' AND share.sector_code = s.sector_code
), coded AS (
  /* a level equal to the parameter (AGR's labour share 0.65 is also the grid's high level) is
     one assumption, not two */
  SELECT
    geography_code,
    sector_code,
    form,
    depreciation_level,
    depreciation_rate,
    initial_stock_rule,
    labour_share,
    gso_labour_weight,
    BOOL_OR(is_central) AS is_central,
    form || '|' || CASE
      WHEN form = 'tornqvist' THEN 'alpha=' || ROUND(labour_share, 4)::TEXT
      ELSE 'b_L=' || ROUND(gso_labour_weight, 4)::TEXT
    END || '|delta=' || ROUND(depreciation_rate, 4)::TEXT || '|k0=' || initial_stock_rule AS assumption_code
  FROM assumptions
  GROUP BY
    geography_code,
    sector_code,
    form,
    depreciation_level,
    depreciation_rate,
    initial_stock_rule,
    labour_share,
    gso_labour_weight
), accounting_inputs AS (
  SELECT
    c.geography_code || '|' || c.sector_code || '|' || c.assumption_code AS series_id,
    i.year,
    i.output,
    k.capital_stock AS capital,
    i.labour,
    COALESCE(c.labour_share, 0) AS labour_share,
    c.gso_labour_weight AS fixed_labour_share
  FROM coded AS c
  JOIN inputs AS i
    ON i.geography_code = c.geography_code AND i.sector_code = c.sector_code
  JOIN stocks AS k
    ON k.series_id = c.geography_code || '|' || c.sector_code || '|' || c.depreciation_level || '|' || c.initial_stock_rule
    AND k.year = i.year
), accounted AS (
  SELECT
    series_id,
    year,
    output_growth,
    capital_growth,
    labour_growth,
    tfp_growth,
    gso_output_growth_pct,
    gso_capital_growth_pct,
    gso_labour_growth_pct,
    gso_tfp_growth_pct
  FROM (@growth_accounting(accounting_inputs)) AS g
), breaks AS (
  SELECT
    first_year
  FROM reference.series_breaks
  WHERE
    measure = 'employment'
), assessed AS (
  SELECT
    c.geography_code,
    c.sector_code,
    c.assumption_code,
    c.form,
    c.labour_share,
    c.gso_labour_weight,
    c.depreciation_rate,
    c.initial_stock_rule,
    c.is_central,
    a.year,
    EXISTS (SELECT 1 FROM breaks AS b WHERE b.first_year = a.year) AS crosses_break,
    CASE WHEN c.form = 'tornqvist' THEN a.output_growth ELSE a.gso_output_growth_pct / 100 END AS output_growth,
    CASE WHEN c.form = 'tornqvist' THEN a.capital_growth ELSE a.gso_capital_growth_pct / 100 END AS capital_growth,
    CASE WHEN c.form = 'tornqvist' THEN a.labour_growth ELSE a.gso_labour_growth_pct / 100 END AS labour_growth,
    CASE WHEN c.form = 'tornqvist' THEN a.tfp_growth ELSE a.gso_tfp_growth_pct / 100 END AS tfp_growth
  FROM accounted AS a
  JOIN coded AS c
    ON a.series_id = c.geography_code || '|' || c.sector_code || '|' || c.assumption_code
)
SELECT
  geography_code::TEXT AS geography_code, /* 89, 91_pre2025, 91_comparable */
  sector_code::TEXT AS sector_code, /* TOTAL, AGR, IND, SRV */
  year::INT AS year, /* growth from year - 1 to year */
  assumption_code::TEXT AS assumption_code, /* form|labour share (alpha) or fixed weight (b_L)|depreciation (delta)|initial-stock rule (k0) */
  form::TEXT AS form, /* tornqvist (log differences) or gso_fixed_weight (simple growth rates, the statistics office's form) */
  labour_share::DOUBLE AS labour_share, /* α of the Törnqvist form; NULL for the fixed-weight form */
  CASE WHEN form = 'gso_fixed_weight' THEN gso_labour_weight END::DOUBLE AS fixed_labour_weight, /* b_L of the fixed-weight form; NULL for Törnqvist */
  depreciation_rate::DOUBLE AS depreciation_rate, /* δ of the capital stock */
  initial_stock_rule::TEXT AS initial_stock_rule, /* investment_growth or output_growth: the g of the Harberger initial stock Ī / (g + δ) */
  is_central::BOOLEAN AS is_central, /* the central assumption, the one fct_growth_accounting publishes */
  output_growth::DOUBLE AS output_growth, /* real output growth: Δln Y (tornqvist) or Y_t / Y_(t-1) - 1 (gso_fixed_weight) */
  capital_growth::DOUBLE AS capital_growth, /* capital growth in the same measure */
  CASE WHEN NOT crosses_break THEN labour_growth END::DOUBLE AS labour_growth, /* employment growth in the same measure; NULL across the 2020 definition break */
  CASE WHEN NOT crosses_break THEN tfp_growth END::DOUBLE AS tfp_growth, /* TFP growth in the same measure (the residual); NULL across the break */
  CASE WHEN NOT crosses_break THEN 100 * tfp_growth / NULLIF(output_growth, 0) END::DOUBLE AS tfp_share_of_growth_pct, /* 100 × TFP growth / output growth */
  'constant_2010'::TEXT AS price_basis, /* output and capital at constant 2010 prices */
  2010::INT AS price_base_year, /* base year of the constant prices */
  'growth as a fraction (log difference or simple rate, see form); share in %'::TEXT AS unit, /* unit of the growth columns and of the share */
  CASE WHEN crosses_break THEN 'B' WHEN NOT is_central THEN 'E' ELSE 'A' END::TEXT AS obs_status, /* SDMX: B break in series (2020 employment definition), E estimate under a non-central assumption, A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics, no confidentiality) */
  'statistics_office yearbook: GRDP_SS, LAO_DONG, VON_DT_SS'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM assessed
