-- Progress against the national targets of Decision 36/QĐ-TTg (11 Jan 2021): average
-- labour-productivity growth above 7 %/year by 2025 and 7.5 %/year by 2030, TFP contributing
-- about 45 % of growth by 2025 and 50 % by 2030; for old An Giang and the merged province's
-- comparable series, over 2021 to the latest year with data.
--   average LP growth = compound annual growth of GRDP per worker at constant 2010 prices from
--     2020 (the first year on the 2020 employment definition: no break is crossed);
--   TFP share = 100 × Σ TFP growth / Σ output growth over the years, under every assumption of
--     the TFP grid (fct_decision36_assumptions); `value` is the central assumption's, `band_low`
--     and `band_high` the lowest and highest, and `met_under` says whether the target is met
--     under every assumption, under the central one but not every, under some but not the
--     central one, or under none. Labour-productivity growth does not depend on those
--     assumptions: its band is the value itself.
-- Status (of the central value): met when the value, rounded to `published_decimals`, reaches
-- the target; on track when within the margin (1 pp for growth, 5 pp for the TFP share); off
-- track otherwise.
MODEL (
  name marts.fct_decision36_progress,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, target_code),
  audits (
    unique_combination_of_columns(columns := (geography_code, target_code)),
    not_null(columns := (geography_code, target_code, value, band_low, band_high, target_value, status, met_under, obs_status, conf_status)),
    forall(criteria := (ROUND(band_low, 9) <= ROUND(value, 9) AND ROUND(value, 9) <= ROUND(band_high, 9)))
  )
);

WITH assessed AS (
  SELECT
    a.*
  FROM marts.fct_decision36_assumptions AS a
), summary AS (
  SELECT
    geography_code,
    target_code,
    MIN(value) AS band_low,
    MAX(value) AS band_high,
    COUNT(*) AS assumptions_total,
    COUNT(*) FILTER (WHERE status = 'met') AS assumptions_met,
    BOOL_OR(is_central AND status = 'met') AS met_central
  FROM assessed
  GROUP BY
    geography_code,
    target_code
)
SELECT
  a.geography_code::TEXT AS geography_code, /* 89 old An Giang, 91_comparable merged province's comparable series */
  a.target_code::TEXT AS target_code, /* lp_growth_2025, lp_growth_2030, tfp_share_2025, tfp_share_2030 */
  a.measure::TEXT AS measure, /* labour_productivity_growth or tfp_share_of_growth */
  a.first_year::INT AS first_year, /* first year of growth counted */
  a.last_year::INT AS last_year, /* latest year with data */
  a.value::DOUBLE AS value, /* central estimate: % a year (labour-productivity growth) or % of growth (TFP share) */
  s.band_low::DOUBLE AS band_low, /* lowest value under the assumptions of the TFP grid (the value itself for labour-productivity growth) */
  s.band_high::DOUBLE AS band_high, /* highest value under those assumptions */
  a.target_value::DOUBLE AS target_value, /* the target: % a year (labour-productivity growth) or % of growth (TFP share) */
  a.target_year::INT AS target_year, /* year by which the target is to be reached: 2025 or 2030 */
  a.gap::DOUBLE AS gap, /* central value - target, percentage points */
  a.status::TEXT AS status, /* of the central value: met, on_track (below the target by at most on_track_margin) or off_track */
  CASE
    WHEN s.assumptions_met = s.assumptions_total THEN 'every_assumption'
    WHEN s.met_central THEN 'central_not_every'
    WHEN s.assumptions_met > 0 THEN 'some_not_central'
    ELSE 'none'
  END::TEXT AS met_under, /* the target is met under every assumption, under the central one but not every, under some but not the central one, or under none */
  s.assumptions_met::INT AS assumptions_met, /* assumptions under which the target is met */
  s.assumptions_total::INT AS assumptions_total, /* assumptions assessed (1 for labour-productivity growth) */
  a.on_track_margin::DOUBLE AS on_track_margin, /* percentage points below the target still counted as on track */
  a.target_source::TEXT AS target_source, /* where the target comes from (Decision 36/QĐ-TTg) */
  a.price_basis::TEXT AS price_basis, /* constant_2010: growth of real labour productivity and of real output */
  a.price_base_year::INT AS price_base_year, /* base year of the constant prices */
  a.unit::TEXT AS unit, /* % a year (labour-productivity growth) or % of output growth (TFP share) */
  a.obs_status::TEXT AS obs_status, /* SDMX: P when an input year is preliminary, else A */
  a.conf_status::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  a.data_source::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  a.data_origin::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM assessed AS a
JOIN summary AS s
  ON a.geography_code = s.geography_code AND a.target_code = s.target_code
WHERE
  a.is_central
