-- Every indicator of the key-sector criteria set (reference.productivity_criteria), per key
-- sector and year, in the unit and price basis the catalogue states: money at constant 2010
-- prices wherever the criterion has a growth target (each enterprise deflated with its own
-- sector's GRDP deflator, int_enterprise_years_measured). Survey-based values carry the
-- disclosure test of their aggregate; yearbook-based values (output per hectare) are public.
-- TFP growth is that of the enterprises present in both years (the balanced panel of
-- fct_key_sector_productivity_dynamics: the growth-accounting macro on their real value added,
-- real fixed assets, employees and the labour share measured in the survey), so that entry and
-- exit do not pass for productivity growth.
MODEL (
  name intermediate.int_key_sector_indicator_values,
  kind FULL,
  owner dost_data_team,
  grain (indicator_code, year),
  audits (
    unique_combination_of_columns(columns := (indicator_code, year)),
    not_null(columns := (indicator_code, key_sector, year, is_suppressed))
  )
);

WITH measures AS (
  SELECT
    key_sector,
    survey_year AS year,
    enterprise_count,
    is_suppressed,
    labour_cost_suppressed,
    fixed_assets_suppressed,
    energy_suppressed,
    exports_suppressed,
    revenue_suppressed,
    average_employees,
    value_added_mvnd,
    labour_cost_mvnd,
    revenue_mvnd,
    fixed_assets_mvnd,
    energy_use_gj,
    export_value_thousand_usd,
    export_value_mvnd,
    revenue_constant_2010_mvnd,
    export_value_constant_2010_mvnd,
    management_system_share,
    productivity_tool_share,
    value_added_constant_2010_mvnd,
    fixed_assets_constant_2010_mvnd,
    labour_share
  FROM intermediate.int_key_sector_year_measures
), tfp AS (
  /* TFP growth of the enterprises present in both years (balanced panel), not of the survey's
     aggregates, whose membership changes every year */
  SELECT
    key_sector,
    year,
    balanced_tfp_growth AS tfp_growth,
    is_thin
  FROM marts.fct_key_sector_productivity_dynamics
), aquaculture_yearbook AS (
  SELECT
    year,
    MAX(value) FILTER (WHERE indicator = 'fishery_output' AND sector_code = 'AQUACULTURE')
      / MAX(value) FILTER (WHERE indicator = 'aquaculture_area' AND sector_code = 'AQUACULTURE') AS output_per_ha,
    MAX(value) FILTER (WHERE indicator = 'fishery_output' AND sector_code = 'PANGASIUS')
      / MAX(value) FILTER (WHERE indicator = 'aquaculture_area' AND sector_code = 'PANGASIUS') AS pangasius_per_ha
  FROM intermediate.int_yearbook_series_latest
  WHERE
    geography_code = '89' AND table_code = 'THUY_SAN'
  GROUP BY
    year
), survey_values AS (
  SELECT
    m.key_sector,
    m.year,
    m.enterprise_count,
    v.is_withheld AS is_suppressed,
    v.indicator_code,
    v.value
  FROM measures AS m
  LEFT JOIN tfp AS t
    ON m.key_sector = t.key_sector AND m.year = t.year
  CROSS JOIN LATERAL (
    VALUES
      ('AQ_VA_PER_WORKER', 'aquaculture', m.value_added_constant_2010_mvnd / NULLIF(m.average_employees, 0), m.is_suppressed),
      ('AQ_OUTPUT_PER_WORKER', 'aquaculture', m.revenue_constant_2010_mvnd / NULLIF(m.average_employees, 0), m.revenue_suppressed),
      ('AQ_EXPORT_PER_WORKER', 'aquaculture', m.export_value_constant_2010_mvnd / NULLIF(m.average_employees, 0), m.exports_suppressed),
      ('AQ_CAPITAL_PRODUCTIVITY', 'aquaculture', m.value_added_constant_2010_mvnd / NULLIF(m.fixed_assets_constant_2010_mvnd, 0), m.fixed_assets_suppressed),
      ('AQ_ENERGY_PER_OUTPUT', 'aquaculture', m.energy_use_gj / NULLIF(m.revenue_constant_2010_mvnd, 0), m.energy_suppressed OR m.revenue_suppressed),
      ('AQ_TFP_GROWTH', 'aquaculture', 100 * t.tfp_growth, m.fixed_assets_suppressed OR m.labour_cost_suppressed OR COALESCE(t.is_thin, FALSE)),
      ('AQ_MANAGEMENT_SYSTEMS', 'aquaculture', 100 * m.management_system_share, m.is_suppressed),
      ('AQ_PRODUCTIVITY_TOOLS', 'aquaculture', 100 * m.productivity_tool_share, m.is_suppressed),
      ('TX_VA_PER_WORKER', 'textiles', m.value_added_constant_2010_mvnd / NULLIF(m.average_employees, 0), m.is_suppressed),
      ('TX_REVENUE_PER_WORKER', 'textiles', m.revenue_constant_2010_mvnd / NULLIF(m.average_employees, 0), m.revenue_suppressed),
      ('TX_LABOUR_COST_SHARE', 'textiles', 100 * m.labour_cost_mvnd / NULLIF(m.value_added_mvnd, 0), m.labour_cost_suppressed),
      ('TX_EXPORT_SHARE', 'textiles', 100 * m.export_value_mvnd / NULLIF(m.revenue_mvnd, 0), m.exports_suppressed OR m.revenue_suppressed),
      ('TX_CAPITAL_PRODUCTIVITY', 'textiles', m.value_added_constant_2010_mvnd / NULLIF(m.fixed_assets_constant_2010_mvnd, 0), m.fixed_assets_suppressed),
      ('TX_ENERGY_PRODUCTIVITY', 'textiles', m.value_added_constant_2010_mvnd / NULLIF(m.energy_use_gj, 0), m.energy_suppressed),
      ('TX_TFP_GROWTH', 'textiles', 100 * t.tfp_growth, m.fixed_assets_suppressed OR m.labour_cost_suppressed OR COALESCE(t.is_thin, FALSE)),
      ('TX_PRODUCTIVITY_TOOLS', 'textiles', 100 * m.productivity_tool_share, m.is_suppressed)
  ) AS v(indicator_code, indicator_sector, value, is_withheld)
  WHERE
    v.indicator_sector = m.key_sector
), yearbook_values AS (
  SELECT
    'aquaculture' AS key_sector,
    year,
    NULL AS enterprise_count,
    FALSE AS is_suppressed,
    v.indicator_code,
    v.value
  FROM aquaculture_yearbook
  CROSS JOIN LATERAL (
    VALUES
      ('AQ_OUTPUT_PER_HA', output_per_ha),
      ('AQ_PANGASIUS_PER_HA', pangasius_per_ha)
  ) AS v(indicator_code, value)
), combined AS (
  SELECT
    key_sector,
    year,
    enterprise_count,
    is_suppressed,
    indicator_code,
    value
  FROM survey_values
  UNION ALL
  SELECT
    key_sector,
    year,
    enterprise_count,
    is_suppressed,
    indicator_code,
    value
  FROM yearbook_values
)
SELECT
  indicator_code::TEXT AS indicator_code, /* code in reference.productivity_criteria */
  key_sector::TEXT AS key_sector, /* aquaculture or textiles */
  year::INT AS year,
  CASE WHEN NOT is_suppressed THEN value END::DOUBLE AS value, /* in the indicator's unit; NULL when suppressed */
  enterprise_count::INT AS enterprise_count, /* enterprises behind a survey-based value; NULL for yearbook values */
  is_suppressed::BOOLEAN AS is_suppressed,
  CASE WHEN enterprise_count IS NULL THEN 'statistics_office' ELSE 'enterprise_survey' END::TEXT AS data_source
FROM combined
WHERE
  NOT value IS NULL OR is_suppressed
