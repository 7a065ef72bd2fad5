-- Key-sector scorecards (thẻ điểm năng suất ngành hàng chủ lực): for each key sector, indicator
-- of the criteria set and year, the value, the target, the gap, the status and the trend.
-- Status rule (documented in README, "Scorecard status"):
--   level targets (a value to reach by the target year):
--     met        value has reached the target (≥ for higher-is-better, ≤ for lower-is-better);
--     on track   not met, but at or beyond the straight path from the base-year value to the
--                target in the target year;
--     off track  otherwise.
--   growth targets (an average annual growth, % a year, from the base year):
--     met        compound average growth since the base year reaches the target;
--     on track   within 1 percentage point of it;
--     off track  otherwise.
-- Statuses are decided on the values as published: value, growth and path rounded to
-- `published_decimals` (reference.productivity_parameters; the workbook prints the same
-- decimals), so a figure shown as 7.00 meets a 7 % target and float noise cannot flip a status.
-- A growth target is only ever compared with a real (constant-price or physical) value: the
-- criteria seed refuses a growth target on a current-price indicator.
-- Years up to the base year have no status (`baseline`); suppressed values have none either.
-- Trend compares with the previous year in the direction of the indicator.
MODEL (
  name marts.fct_key_sector_scorecard,
  kind FULL,
  owner dost_data_team,
  grain (indicator_code, year),
  audits (
    unique_combination_of_columns(columns := (indicator_code, year)),
    not_null(columns := (key_sector, indicator_code, year, status, unit, price_basis, target_value, geography_code, obs_status, conf_status)),
    accepted_values(column := status, is_in := ('met', 'on_track', 'off_track', 'baseline', 'suppressed', 'no_base')),
    /* real targets are scored on real values only */
    forall(criteria := (NOT (target_type = 'annual_growth_pct' AND price_basis = 'current')))
  )
);

WITH criteria AS (
  SELECT
    indicator_code,
    key_sector,
    name_vi,
    name_en,
    unit,
    price_basis,
    price_base_year,
    deflator,
    direction,
    target_type,
    target_value,
    base_year,
    target_year,
    target_source,
    (SELECT MAX(value) FROM reference.productivity_parameters WHERE parameter = 'published_decimals')::INT AS decimals
  FROM reference.productivity_criteria
), indicator_values AS (
  SELECT
    indicator_code,
    year,
    value,
    enterprise_count,
    is_suppressed,
    data_source
  FROM intermediate.int_key_sector_indicator_values
), joined AS (
  SELECT
    c.*,
    v.year,
    v.value,
    v.enterprise_count,
    v.is_suppressed,
    v.data_source,
    b.value AS base_value,
    LAG(v.value) OVER (PARTITION BY c.indicator_code ORDER BY v.year) AS previous_value,
    LAG(v.year) OVER (PARTITION BY c.indicator_code ORDER BY v.year) AS previous_year,
    CASE WHEN c.direction = 'higher' THEN 1 ELSE -1 END AS sign
  FROM criteria AS c
  JOIN indicator_values AS v
    ON c.indicator_code = v.indicator_code
  LEFT JOIN indicator_values AS b
    ON b.indicator_code = c.indicator_code AND b.year = c.base_year
), assessed AS (
  SELECT
    *,
    CASE
      WHEN target_type = 'annual_growth_pct' AND year > base_year AND base_value > 0 AND value > 0
      THEN 100 * (POWER(value / base_value, 1.0 / (year - base_year)) - 1)
    END AS average_growth_pct,
    CASE
      WHEN target_type = 'level' AND year > base_year
      THEN base_value + (target_value - base_value) * LEAST(1.0, (year - base_year) / (target_year - base_year))
    END AS path_value
  FROM joined
), classified AS (
  SELECT
    *,
    CASE
      WHEN is_suppressed THEN 'suppressed'
      WHEN year <= base_year THEN 'baseline'
      WHEN base_value IS NULL OR value IS NULL THEN 'no_base'
      /* compared as published, rounded to `decimals`: 100 -> 107.5 is 7.5 % growth, though */
      /* floating point computes 7.4999999999999996, and 6.996 is printed 7.00: both meet 7 % */
      WHEN target_type = 'level' AND sign * (@round_to_decimals(value, decimals) - target_value) >= 0 THEN 'met'
      WHEN target_type = 'level' AND sign * (@round_to_decimals(value, decimals) - @round_to_decimals(path_value, decimals)) >= 0 THEN 'on_track'
      WHEN target_type = 'level' THEN 'off_track'
      WHEN average_growth_pct IS NULL THEN 'no_base'
      WHEN sign * (@round_to_decimals(average_growth_pct, decimals) - target_value) >= 0 THEN 'met'
      WHEN sign * (@round_to_decimals(average_growth_pct, decimals) - target_value) >= -1 THEN 'on_track'
      ELSE 'off_track'
    END AS status
  FROM assessed
)
SELECT
  key_sector::TEXT AS key_sector, /* aquaculture (thủy sản) or textiles (dệt may) */
  indicator_code::TEXT AS indicator_code, /* indicator of the criteria set (reference.productivity_criteria), e.g. AQ_VA_PER_WORKER, TX_EXPORT_SHARE */
  name_vi::TEXT AS indicator_name_vi, /* name of the indicator in Vietnamese (tên chỉ tiêu) */
  name_en::TEXT AS indicator_name_en, /* name of the indicator in English */
  year::INT AS year, /* reference year */
  value::DOUBLE AS value, /* in `unit`; NULL when suppressed */
  unit::TEXT AS unit, /* unit of value and base_value, and of target_value for level targets (e.g. million VND at constant 2010 prices per worker, tonnes per hectare, % of enterprises) */
  price_basis::TEXT AS price_basis, /* constant_2010 (money deflated to 2010 prices), current, physical (quantities) or not_applicable (shares of enterprises) */
  price_base_year::INT AS price_base_year, /* 2010 for constant_2010 values, else NULL */
  deflator::TEXT AS deflator, /* the deflator used for constant-price values: the yearbook's GRDP deflator of the enterprise's sector */
  direction::TEXT AS direction, /* higher or lower is better */
  target_type::TEXT AS target_type, /* level, or annual_growth_pct (a growth rate to sustain from the base year) */
  target_value::DOUBLE AS target_value, /* the target level, or the target growth in % a year */
  base_year::INT AS base_year, /* base year of the target: growth is measured from it and the straight path to a level target starts there */
  target_year::INT AS target_year, /* year by which the target is to be reached */
  base_value::DOUBLE AS base_value, /* the indicator in the base year */
  average_growth_pct::DOUBLE AS average_growth_pct, /* growth targets: compound average growth from the base year, % a year */
  path_value::DOUBLE AS path_value, /* level targets: where the straight path to the target stands this year */
  CASE
    WHEN target_type = 'level' THEN value - target_value
    ELSE average_growth_pct - target_value
  END::DOUBLE AS gap, /* value - target (level) or growth - target growth (percentage points); sign as is, read with `direction` */
  status::TEXT AS status, /* met, on_track, off_track; baseline (up to the base year), suppressed, no_base */
  CASE
    WHEN value IS NULL OR previous_value IS NULL OR previous_year <> year - 1 THEN NULL
    WHEN sign * (value - previous_value) > 0 THEN 'improving'
    WHEN sign * (value - previous_value) < 0 THEN 'worsening'
    ELSE 'stable'
  END::TEXT AS trend, /* against the previous year, in the indicator's direction */
  enterprise_count::INT AS enterprise_count, /* enterprises behind a survey-based value (kept when suppressed); NULL for values from the statistics office */
  data_source::TEXT AS data_source, /* enterprise_survey or statistics_office */
  target_source::TEXT AS target_source, /* where the target comes from */
  '89'::TEXT AS geography_code, /* old An Giang: the enterprise survey and yearbook tables the criteria are measured on */
  CASE WHEN is_suppressed THEN 'Q' ELSE 'A' END::TEXT AS obs_status, /* SDMX: Q suppressed by disclosure control, A normal */
  CASE WHEN is_suppressed THEN 'A' ELSE 'F' END::TEXT AS conf_status, /* SDMX: A primary confidentiality of the survey aggregate (threshold or dominance), F free */
  @data_origin('statistics_office', 'enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM classified
