-- Progress against the national targets of Decision 36/QĐ-TTg (11 Jan 2021): average
-- labour-productivity growth above 7 %/year by 2025 and 7.5 %/year by 2030, TFP contributing
-- about 45 % of growth by 2025 and 50 % by 2030; for old An Giang and the merged province's
-- comparable series, over 2021 to the latest year with data.
--   average LP growth = compound annual growth of GRDP per worker at constant 2010 prices from 2020;
--   TFP share = 100 × Σ Δln TFP / Σ Δln GRDP over the years (Törnqvist growth accounts).
-- Status: met when the value reaches the target; on track when within the margin (1 pp for
-- growth, 5 pp for the TFP share); off track otherwise.
MODEL (
  name marts.fct_decision36_progress,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, target_code),
  audits (
    unique_combination_of_columns(columns := (geography_code, target_code)),
    not_null(columns := (geography_code, target_code, value, target_value, status))
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
), productivity AS (
  SELECT
    geography_code,
    year,
    labour_productivity_constant_2010_mvnd AS lp
  FROM marts.fct_labour_productivity
  WHERE
    sector_code = 'TOTAL' AND geography_code IN ('89', '91_comparable')
), lp_growth AS (
  SELECT
    latest.geography_code,
    2021 AS first_year,
    latest.year AS last_year,
    100 * (POWER(latest.lp / base.lp, 1.0 / (latest.year - 2020)) - 1) AS value
  FROM productivity AS latest
  JOIN productivity AS base
    ON base.geography_code = latest.geography_code AND base.year = 2020
  WHERE
    latest.year = (SELECT MAX(p.year) FROM productivity AS p WHERE p.geography_code = latest.geography_code)
    AND latest.year > 2020
), tfp_share AS (
  SELECT
    geography_code,
    MIN(year) AS first_year,
    MAX(year) AS last_year,
    100 * @exact_sum(tfp_growth) / NULLIF(@exact_sum(output_growth), 0) AS value
  FROM marts.fct_growth_accounting
  WHERE
    sector_code = 'TOTAL' AND geography_code IN ('89', '91_comparable') AND year >= 2021
  GROUP BY
    geography_code
), measures AS (
  SELECT
    geography_code,
    'labour_productivity_growth' AS measure,
    first_year,
    last_year,
    value
  FROM lp_growth
  UNION ALL
  SELECT
    geography_code,
    'tfp_share_of_growth',
    first_year,
    last_year,
    value
  FROM tfp_share
)
SELECT
  m.geography_code::TEXT AS geography_code, /* 89 old An Giang, 91_comparable merged province's comparable series */
  t.target_code::TEXT AS target_code, /* lp_growth_2025, lp_growth_2030, tfp_share_2025, tfp_share_2030 */
  t.measure::TEXT AS measure, /* labour_productivity_growth or tfp_share_of_growth */
  m.first_year::INT AS first_year, /* first year of growth counted */
  m.last_year::INT AS last_year, /* latest year with data */
  m.value::DOUBLE AS value, /* % a year (labour-productivity growth) or % of growth (TFP share) */
  t.target_value::DOUBLE AS target_value, /* the target: % a year (labour-productivity growth) or % of growth (TFP share) */
  t.target_year::INT AS target_year, /* year by which the target is to be reached: 2025 or 2030 */
  (m.value - t.target_value)::DOUBLE AS gap, /* percentage points */
  CASE
    /* rounded to 1e-9 before the comparison, so float noise cannot flip a status */
    WHEN ROUND(m.value - t.target_value, 9) >= 0 THEN 'met'
    WHEN ROUND(m.value - t.target_value + t.margin, 9) >= 0 THEN 'on_track'
    ELSE 'off_track'
  END::TEXT AS status, /* met (value reaches the target), on_track (below it by at most on_track_margin) or off_track */
  t.margin::DOUBLE AS on_track_margin, /* percentage points below the target still counted as on track */
  t.target_source::TEXT AS target_source, /* where the target comes from (Decision 36/QĐ-TTg) */
  'statistics_office yearbook: GRDP_SS, LAO_DONG, VON_DT_SS (via fct_labour_productivity, fct_growth_accounting)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM measures AS m
JOIN targets AS t
  ON m.measure = t.measure
