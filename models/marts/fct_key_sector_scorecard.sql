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
-- Years up to the base year have no status (`baseline`); suppressed values have none either.
-- Trend compares with the previous year in the direction of the indicator.
MODEL (
  name marts.fct_key_sector_scorecard,
  kind FULL,
  owner dost_data_team,
  grain (indicator_code, year),
  audits (
    unique_combination_of_columns(columns := (indicator_code, year)),
    not_null(columns := (key_sector, indicator_code, year, status, unit, target_value)),
    accepted_values(column := status, is_in := ('met', 'on_track', 'off_track', 'baseline', 'suppressed', 'no_base'))
  )
);

WITH criteria AS (
  SELECT
    indicator_code,
    key_sector,
    name_vi,
    name_en,
    unit,
    direction,
    target_type,
    target_value,
    base_year,
    target_year,
    target_source
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
      /* differences rounded to 1e-9 before they are compared: 100 -> 107.5 is 7.5 % growth, */
      /* though floating point computes 7.4999999999999996, and must count as meeting 7.5 % */
      WHEN target_type = 'level' AND ROUND(sign * (value - target_value), 9) >= 0 THEN 'met'
      WHEN target_type = 'level' AND ROUND(sign * (value - path_value), 9) >= 0 THEN 'on_track'
      WHEN target_type = 'level' THEN 'off_track'
      WHEN average_growth_pct IS NULL THEN 'no_base'
      WHEN ROUND(sign * (average_growth_pct - target_value), 9) >= 0 THEN 'met'
      WHEN ROUND(sign * (average_growth_pct - target_value), 9) >= -1 THEN 'on_track'
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
  unit::TEXT AS unit, /* unit of value and base_value, and of target_value for level targets (e.g. million VND per worker, tonnes per hectare, % of enterprises) */
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
  @data_origin('statistics_office', 'enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM classified
