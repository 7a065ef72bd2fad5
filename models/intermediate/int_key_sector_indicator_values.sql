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
    CASE v.indicator_code
      WHEN 'AQ_VA_PER_WORKER' THEN m.is_suppressed
      WHEN 'AQ_OUTPUT_PER_WORKER' THEN m.revenue_suppressed
      WHEN 'AQ_EXPORT_PER_WORKER' THEN m.exports_suppressed
      WHEN 'AQ_CAPITAL_PRODUCTIVITY' THEN m.fixed_assets_suppressed
      WHEN 'AQ_ENERGY_PER_OUTPUT' THEN m.energy_suppressed OR m.revenue_suppressed
      WHEN 'AQ_TFP_GROWTH' THEN m.fixed_assets_suppressed OR m.labour_cost_suppressed OR COALESCE(t.is_thin, FALSE)
      WHEN 'AQ_MANAGEMENT_SYSTEMS' THEN m.is_suppressed
      WHEN 'AQ_PRODUCTIVITY_TOOLS' THEN m.is_suppressed
      WHEN 'TX_VA_PER_WORKER' THEN m.is_suppressed
      WHEN 'TX_REVENUE_PER_WORKER' THEN m.revenue_suppressed
      WHEN 'TX_LABOUR_COST_SHARE' THEN m.labour_cost_suppressed
      WHEN 'TX_EXPORT_SHARE' THEN m.exports_suppressed OR m.revenue_suppressed
      WHEN 'TX_CAPITAL_PRODUCTIVITY' THEN m.fixed_assets_suppressed
      WHEN 'TX_ENERGY_PRODUCTIVITY' THEN m.energy_suppressed
      WHEN 'TX_TFP_GROWTH' THEN m.fixed_assets_suppressed OR m.labour_cost_suppressed OR COALESCE(t.is_thin, FALSE)
      WHEN 'TX_PRODUCTIVITY_TOOLS' THEN m.is_suppressed
    END AS is_suppressed,
    v.indicator_code,
    CASE v.indicator_code
      WHEN 'AQ_VA_PER_WORKER' THEN m.value_added_constant_2010_mvnd / NULLIF(m.average_employees, 0)
      WHEN 'AQ_OUTPUT_PER_WORKER' THEN m.revenue_constant_2010_mvnd / NULLIF(m.average_employees, 0)
      WHEN 'AQ_EXPORT_PER_WORKER' THEN m.export_value_constant_2010_mvnd / NULLIF(m.average_employees, 0)
      WHEN 'AQ_CAPITAL_PRODUCTIVITY' THEN m.value_added_constant_2010_mvnd / NULLIF(m.fixed_assets_constant_2010_mvnd, 0)
      WHEN 'AQ_ENERGY_PER_OUTPUT' THEN m.energy_use_gj / NULLIF(m.revenue_constant_2010_mvnd, 0)
      WHEN 'AQ_TFP_GROWTH' THEN 100 * t.tfp_growth
      WHEN 'AQ_MANAGEMENT_SYSTEMS' THEN 100 * m.management_system_share
      WHEN 'AQ_PRODUCTIVITY_TOOLS' THEN 100 * m.productivity_tool_share
      WHEN 'TX_VA_PER_WORKER' THEN m.value_added_constant_2010_mvnd / NULLIF(m.average_employees, 0)
      WHEN 'TX_REVENUE_PER_WORKER' THEN m.revenue_constant_2010_mvnd / NULLIF(m.average_employees, 0)
      WHEN 'TX_LABOUR_COST_SHARE' THEN 100 * m.labour_cost_mvnd / NULLIF(m.value_added_mvnd, 0)
      WHEN 'TX_EXPORT_SHARE' THEN 100 * m.export_value_mvnd / NULLIF(m.revenue_mvnd, 0)
      WHEN 'TX_CAPITAL_PRODUCTIVITY' THEN m.value_added_constant_2010_mvnd / NULLIF(m.fixed_assets_constant_2010_mvnd, 0)
      WHEN 'TX_ENERGY_PRODUCTIVITY' THEN m.value_added_constant_2010_mvnd / NULLIF(m.energy_use_gj, 0)
      WHEN 'TX_TFP_GROWTH' THEN 100 * t.tfp_growth
      WHEN 'TX_PRODUCTIVITY_TOOLS' THEN 100 * m.productivity_tool_share
    END AS value
  FROM measures AS m
  LEFT JOIN tfp AS t
    ON m.key_sector = t.key_sector AND m.year = t.year
  /* the indicators of each measure: a constant list of codes, each code's value and withholding
     picked below by CASE (the same rows as a LATERAL VALUES list of the row's own columns,
     which Spark cannot evaluate) */
  CROSS JOIN (
    VALUES
      ('AQ_VA_PER_WORKER', 'aquaculture'),
      ('AQ_OUTPUT_PER_WORKER', 'aquaculture'),
      ('AQ_EXPORT_PER_WORKER', 'aquaculture'),
      ('AQ_CAPITAL_PRODUCTIVITY', 'aquaculture'),
      ('AQ_ENERGY_PER_OUTPUT', 'aquaculture'),
      ('AQ_TFP_GROWTH', 'aquaculture'),
      ('AQ_MANAGEMENT_SYSTEMS', 'aquaculture'),
      ('AQ_PRODUCTIVITY_TOOLS', 'aquaculture'),
      ('TX_VA_PER_WORKER', 'textiles'),
      ('TX_REVENUE_PER_WORKER', 'textiles'),
      ('TX_LABOUR_COST_SHARE', 'textiles'),
      ('TX_EXPORT_SHARE', 'textiles'),
      ('TX_CAPITAL_PRODUCTIVITY', 'textiles'),
      ('TX_ENERGY_PRODUCTIVITY', 'textiles'),
      ('TX_TFP_GROWTH', 'textiles'),
      ('TX_PRODUCTIVITY_TOOLS', 'textiles')
  ) AS v(indicator_code, indicator_sector)
  WHERE
    v.indicator_sector = m.key_sector
), yearbook_values AS (
  SELECT
    'aquaculture' AS key_sector,
    year,
    NULL AS enterprise_count,
    FALSE AS is_suppressed,
    v.indicator_code,
    CASE v.indicator_code
      WHEN 'AQ_OUTPUT_PER_HA' THEN output_per_ha
      WHEN 'AQ_PANGASIUS_PER_HA' THEN pangasius_per_ha
    END AS value
  FROM aquaculture_yearbook
  /* a constant list of codes, each code's value picked by CASE (as for survey_values) */
  CROSS JOIN (
    VALUES
      ('AQ_OUTPUT_PER_HA'),
      ('AQ_PANGASIUS_PER_HA')
  ) AS v(indicator_code)
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
