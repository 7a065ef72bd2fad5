-- Enterprise labour productivity from the enterprise survey, by key sector and survey year:
-- value added by the income method per average employee (million VND), the distribution across
-- enterprises, and adoption of productivity tools. Cells built from fewer than 3 enterprises
-- are suppressed (threshold rule): their measures are NULL and `is_suppressed` is true.
MODEL (
  name marts.fct_enterprise_productivity_by_sector,
  kind FULL,
  owner dost_data_team,
  grain (key_sector, survey_year),
  audits (
    not_null(columns := (key_sector, survey_year, enterprise_count, is_suppressed)),
    unique_combination_of_columns(columns := (key_sector, survey_year))
  )
);

WITH enterprises AS (
  SELECT
    key_sector,
    survey_year,
    average_employees,
    value_added_mvnd,
    value_added_mvnd / NULLIF(average_employees, 0) AS labour_productivity,
    applies_productivity_tool
  FROM intermediate.int_enterprise_years_measured
), aggregated AS (
  SELECT
    key_sector,
    survey_year,
    COUNT(*) AS enterprise_count,
    SUM(average_employees) AS average_employees,
    SUM(value_added_mvnd) AS value_added_mvnd,
    QUANTILE_CONT(labour_productivity, 0.1) AS lp_p10,
    MEDIAN(labour_productivity) AS lp_median,
    QUANTILE_CONT(labour_productivity, 0.9) AS lp_p90,
    AVG(applies_productivity_tool::INT) AS tool_adoption_rate
  FROM enterprises
  GROUP BY
    key_sector,
    survey_year
)
SELECT
  key_sector::TEXT AS key_sector, /* aquaculture_farming, aquaculture_processing, textiles_garments, other */
  survey_year::INT AS survey_year,
  enterprise_count::INT AS enterprise_count, /* enterprises in the survey (published even when the cell is suppressed) */
  (enterprise_count < 3)::BOOLEAN AS is_suppressed, /* fewer than 3 enterprises: measures withheld (threshold rule) */
  CASE WHEN enterprise_count >= 3 THEN average_employees END::DOUBLE AS average_employees, /* sum over enterprises of (start + end employees) / 2 */
  CASE WHEN enterprise_count >= 3 THEN value_added_mvnd END::DOUBLE AS value_added_mvnd, /* income-method value added, million VND */
  CASE
    WHEN enterprise_count >= 3
    THEN value_added_mvnd / NULLIF(average_employees, 0)
  END::DOUBLE AS labour_productivity_mvnd, /* aggregate value added per average employee, million VND */
  CASE WHEN enterprise_count >= 3 THEN lp_p10 END::DOUBLE AS labour_productivity_p10_mvnd,
  CASE WHEN enterprise_count >= 3 THEN lp_median END::DOUBLE AS labour_productivity_median_mvnd,
  CASE WHEN enterprise_count >= 3 THEN lp_p90 END::DOUBLE AS labour_productivity_p90_mvnd,
  CASE WHEN enterprise_count >= 3 THEN tool_adoption_rate END::DOUBLE AS productivity_tool_adoption_rate /* share of enterprises applying at least one productivity tool */
FROM aggregated
