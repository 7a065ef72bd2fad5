-- Decision 36/QĐ-TTg targets under every assumption of the TFP grid: for each geography, target
-- and assumption, the measured value and its status. The TFP share is
-- 100 × Σ TFP growth / Σ output growth from 2021 to the latest year (fct_growth_accounting_assumptions);
-- labour-productivity growth (compound annual growth of GRDP per worker at constant 2010 prices
-- from 2020) does not depend on the grid and has one row, marked central.
-- Status: the value rounded to `published_decimals` (reference.productivity_parameters) is met
-- when it reaches the target, on_track within the margin (1 pp for growth, 5 pp for the TFP
-- share) while the target year is not yet in the data, off_track otherwise. fct_decision36_progress summarises these rows.
MODEL (
  name marts.fct_decision36_assumptions,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, target_code, assumption_code),
  audits (
    unique_combination_of_columns(columns := (geography_code, target_code, assumption_code)),
    not_null(columns := (geography_code, target_code, assumption_code, value, status, is_central, obs_status, conf_status))
  )
);

WITH targets AS (
  SELECT
    *
  FROM (
    VALUES
      ('lp_growth_2025', 'labour_productivity_growth', 7.0, 2025, 1.0, 'Decision 36/QĐ-TTg: average labour-productivity growth above 7%/year (2021-2025)'),
      ('lp_growth_2030', 'labour_productivity_growth', 7.5, 2030, 1.0, 'Decision 36/QĐ-TTg: average labour-productivity growth above 7.5%/year (2021-2030)'),
      ('tfp_share_2025', 'tfp_share_of_growth', 45.0, 2025, 5.0, 'Decision 36/QĐ-TTg: TFP contributes about 45% of growth by 2025'),
      ('tfp_share_2030', 'tfp_share_of_growth', 50.0, 2030, 5.0, 'Decision 36/QĐ-TTg: TFP contributes about 50% of growth by 2030')
  ) AS t(target_code, measure, target_value, target_year, margin, target_source)
), decimals AS (
  SELECT
    MAX(value)::INT AS decimals
  FROM reference.productivity_parameters
  WHERE
    parameter = 'published_decimals'
), productivity AS (
  SELECT
    geography_code,
    year,
    labour_productivity_constant_2010_mvnd AS lp,
    is_preliminary
  FROM marts.fct_labour_productivity
  WHERE
    sector_code = 'TOTAL' AND geography_code IN ('89', '91_comparable')
), lp_growth AS (
  SELECT
    latest.geography_code,
    'labour_productivity_growth' AS measure,
    'not_assumption_dependent' AS assumption_code,
    TRUE AS is_central,
    2021 AS first_year,
    latest.year AS last_year,
    100 * (POWER(latest.lp / base.lp, 1.0 / (latest.year - 2020)) - 1) AS value,
    COALESCE(latest.is_preliminary, FALSE) OR COALESCE(base.is_preliminary, FALSE) AS is_preliminary
  FROM productivity AS latest
  JOIN productivity AS base
    ON base.geography_code = latest.geography_code AND base.year = 2020
  WHERE
    latest.year = (SELECT MAX(p.year) FROM productivity AS p WHERE p.geography_code = latest.geography_code)
    AND latest.year > 2020
), tfp_share AS (
  SELECT
    geography_code,
    'tfp_share_of_growth' AS measure,
    assumption_code,
    BOOL_AND(is_central) AS is_central,
    MIN(year) AS first_year,
    MAX(year) AS last_year,
    100 * @exact_sum(tfp_growth) / NULLIF(@exact_sum(output_growth), 0) AS value,
    FALSE AS is_preliminary
  FROM marts.fct_growth_accounting_assumptions
  WHERE
    sector_code = 'TOTAL' AND geography_code IN ('89', '91_comparable') AND year >= 2021
  GROUP BY
    geography_code,
    assumption_code
), measures AS (
  SELECT * FROM lp_growth
  UNION ALL
  SELECT * FROM tfp_share
)
SELECT
  m.geography_code::TEXT AS geography_code, /* 89 old An Giang, 91_comparable merged province's comparable series */
  t.target_code::TEXT AS target_code, /* lp_growth_2025, lp_growth_2030, tfp_share_2025, tfp_share_2030 */
  t.measure::TEXT AS measure, /* labour_productivity_growth or tfp_share_of_growth */
  m.assumption_code::TEXT AS assumption_code, /* assumption of the TFP grid (see fct_growth_accounting_assumptions); not_assumption_dependent for labour-productivity growth */
  m.is_central::BOOLEAN AS is_central, /* the central assumption: the one fct_decision36_progress reports as the value */
  m.first_year::INT AS first_year, /* first year of growth counted */
  m.last_year::INT AS last_year, /* latest year with data */
  m.value::DOUBLE AS value, /* % a year (labour-productivity growth) or % of growth (TFP share) */
  t.target_value::DOUBLE AS target_value, /* the target: % a year or % of growth */
  t.target_year::INT AS target_year, /* year by which the target is to be reached: 2025 or 2030 */
  (m.value - t.target_value)::DOUBLE AS gap, /* percentage points */
  CASE
    /* compared as published: rounded to `published_decimals` (100 -> 107.5 is 7.5 %, not 7.4999999999999996) */
    WHEN @round_to_decimals(m.value, d.decimals) >= t.target_value THEN 'met'
    /* the target year is in the data and the target was not reached: no longer "on track" */
    WHEN m.last_year >= t.target_year THEN 'off_track'
    WHEN @round_to_decimals(m.value, d.decimals) >= t.target_value - t.margin THEN 'on_track'
    ELSE 'off_track'
  END::TEXT AS status, /* met (value reaches the target), on_track (below it by at most on_track_margin, the target year not yet in the data) or off_track */
  t.margin::DOUBLE AS on_track_margin, /* percentage points below the target still counted as on track */
  t.target_source::TEXT AS target_source, /* where the target comes from (Decision 36/QĐ-TTg) */
  'constant_2010'::TEXT AS price_basis, /* growth of real labour productivity and real output, constant 2010 prices */
  2010::INT AS price_base_year, /* base year of the constant prices */
  CASE WHEN t.measure = 'tfp_share_of_growth' THEN '% of output growth' ELSE '% a year' END::TEXT AS unit, /* unit of value, target_value and gap */
  CASE WHEN m.is_preliminary THEN 'P' WHEN NOT m.is_central THEN 'E' ELSE 'A' END::TEXT AS obs_status, /* SDMX: P an input year is preliminary (sơ bộ), E under a non-central assumption, A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  'statistics_office yearbook: GRDP_SS, LAO_DONG, VON_DT_SS (via fct_labour_productivity, fct_growth_accounting_assumptions)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM measures AS m
JOIN targets AS t
  ON m.measure = t.measure
CROSS JOIN decimals AS d
