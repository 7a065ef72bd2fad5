-- Enterprise-years with the measures the productivity marts aggregate: value added by the
-- income method, average employees, and the key-sector grouping of the enterprise's VSIC code.
MODEL (
  name intermediate.int_enterprise_years_measured,
  kind FULL,
  owner dost_data_team,
  grain (enterprise_id, survey_year),
  audits (
    unique_combination_of_columns(columns := (enterprise_id, survey_year))
  )
);

WITH source AS (
  SELECT
    enterprise_id,
    survey_year,
    vsic_code,
    vsic_class,
    district_code,
    ownership,
    employees_start,
    employees_end,
    labour_cost,
    depreciation,
    production_taxes,
    operating_profit,
    fixed_assets,
    rd_spending,
    productivity_tools,
    management_systems
  FROM staging.stg_enterprise_survey__enterprise_years
)
SELECT
  enterprise_id::TEXT AS enterprise_id,
  survey_year::INT AS survey_year,
  vsic_code::TEXT AS vsic_code,
  district_code::TEXT AS district_code,
  ownership::TEXT AS ownership,
  CASE
    WHEN vsic_class IN ('0321', '0322') THEN 'aquaculture_farming'
    WHEN vsic_class IN ('1020', '1080') THEN 'aquaculture_processing'
    WHEN LEFT(vsic_code, 2) IN ('13', '14') THEN 'textiles_garments'
    ELSE 'other'
  END::TEXT AS key_sector, /* aquaculture_farming (VSIC 0321-0322), aquaculture_processing (1020 fish processing, 1080 feed), textiles_garments (13-14), other */
  ((employees_start + employees_end) / 2.0)::DOUBLE AS average_employees, /* (start + end of year) / 2 */
  (labour_cost + depreciation + production_taxes + operating_profit)::DOUBLE AS value_added_mvnd, /* income method: labour cost + depreciation + taxes on production + operating surplus, million VND */
  fixed_assets::DOUBLE AS fixed_assets_mvnd,
  rd_spending::DOUBLE AS rd_spending_mvnd,
  (COALESCE(productivity_tools, '') <> '')::BOOLEAN AS applies_productivity_tool,
  (COALESCE(management_systems, '') <> '')::BOOLEAN AS applies_management_system
FROM source
