-- Enterprise-years with the measures the enterprise-productivity mart aggregates: value added by
-- the income method, average employees, labour and capital productivity, and the enterprise's
-- place in the VSIC hierarchy and the key-sector grouping.
MODEL (
  name intermediate.int_enterprise_years_measured,
  /* incremental by survey year, like the staging model it reads: a new survey year is measured
     alone; a changed yearbook (the deflators) restates every year */
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column (survey_year, '%Y')
  ),
  /* a survey year is one interval, complete once the year is over */
  cron '@yearly',
  owner dost_data_team,
  grain (enterprise_id, survey_year),
  audits (
    unique_combination_of_columns(columns := (enterprise_id, survey_year)),
    not_null(columns := (enterprise_id, survey_year, key_sector, section_code))
  )
);

WITH source AS (
  SELECT
    enterprise_id,
    survey_year,
    vsic_code,
    district_code,
    ownership,
    employees_start,
    employees_end,
    labour_cost,
    depreciation,
    production_taxes,
    operating_profit,
    revenue,
    fixed_assets,
    energy_use,
    export_value,
    rd_spending,
    productivity_tools,
    management_systems
  FROM staging.stg_enterprise_survey__enterprise_years
  WHERE
    survey_year BETWEEN EXTRACT(YEAR FROM @start_date) AND EXTRACT(YEAR FROM @end_date)
), vsic AS (
  SELECT
    vsic_code,
    section_code,
    three_sector_code,
    key_sector
  FROM intermediate.int_vsic_hierarchy
), deflators AS (
  /* implicit deflators (current / constant 2010 prices) of old An Giang's three sectors in the
     yearbook: an enterprise's value added and revenue are deflated with its own sector's (AGR for
     aquaculture farming, IND for fish processing and textiles), its fixed assets with the
     province's investment deflator (the yearbook has investment deflators only for the total) */
  SELECT
    sector.year,
    sector.sector_code,
    sector.value_added_current_mvnd / NULLIF(sector.value_added_constant_2010_mvnd, 0) AS value_added_deflator,
    total.investment_current_mvnd / NULLIF(total.investment_constant_2010_mvnd, 0) AS investment_deflator
  FROM intermediate.int_sector_year_inputs AS sector
  JOIN intermediate.int_sector_year_inputs AS total
    ON total.geography_code = '89' AND total.sector_code = 'TOTAL' AND total.year = sector.year
  WHERE
    sector.geography_code = '89' AND sector.sector_code IN ('AGR', 'IND', 'SRV')
), measured AS (
  SELECT
    s.enterprise_id,
    s.survey_year,
    s.vsic_code,
    v.section_code,
    v.three_sector_code,
    v.key_sector,
    s.district_code,
    s.ownership,
    (s.employees_start + s.employees_end) / 2.0 AS average_employees,
    s.labour_cost + s.depreciation + s.production_taxes + s.operating_profit AS value_added,
    s.labour_cost,
    s.revenue,
    s.fixed_assets,
    s.energy_use,
    s.export_value,
    s.rd_spending,
    s.productivity_tools,
    s.management_systems,
    COALESCE(s.productivity_tools, '') <> '' AS applies_productivity_tool,
    COALESCE(s.management_systems, '') <> '' AS applies_management_system,
    d.value_added_deflator,
    d.investment_deflator,
    s.export_value * x.vnd_per_usd / 1000 AS export_value_mvnd
  FROM source AS s
  LEFT JOIN vsic AS v
    ON s.vsic_code = v.vsic_code
  LEFT JOIN deflators AS d
    ON d.year = s.survey_year AND d.sector_code = v.three_sector_code
  LEFT JOIN reference.usd_vnd_exchange_rates AS x
    ON x.year = s.survey_year
)
SELECT
  enterprise_id::TEXT AS enterprise_id, /* keyed pseudonym of the tax code */
  survey_year::INT AS survey_year,
  vsic_code::TEXT AS vsic_code, /* VSIC 2018 class or subclass, as the survey file gives it */
  section_code::TEXT AS section_code, /* VSIC 2018 section A-U */
  three_sector_code::TEXT AS three_sector_code, /* AGR, IND or SRV: the yearbook sector whose deflator applies */
  key_sector::TEXT AS key_sector, /* key-sector group of the code (reference.key_sectors): aquaculture_farming, aquaculture_processing, textiles_garments, or other */
  district_code::TEXT AS district_code, /* NULL from 2025 (no district level) */
  ownership::TEXT AS ownership, /* state, non_state, foreign_invested */
  average_employees::DOUBLE AS average_employees, /* (employees at start + at end of year) / 2 */
  value_added::DOUBLE AS value_added_mvnd, /* income method: labour cost + depreciation + taxes on production + operating profit, million VND */
  @safe_ratio(value_added, average_employees)::DOUBLE AS labour_productivity_mvnd, /* value added per average employee, million VND */
  @safe_ratio(value_added, fixed_assets)::DOUBLE AS capital_productivity, /* value added / average fixed assets */
  (value_added / value_added_deflator)::DOUBLE AS value_added_constant_2010_mvnd, /* value added at constant 2010 prices: deflated with old An Giang's GRDP deflator of the enterprise's sector (three_sector_code); NULL for a year the yearbook does not cover */
  (revenue / value_added_deflator)::DOUBLE AS revenue_constant_2010_mvnd, /* net revenue deflated with the same sector deflator (the yearbook has no output deflator), million VND at constant 2010 prices */
  (fixed_assets / investment_deflator)::DOUBLE AS fixed_assets_constant_2010_mvnd, /* average fixed assets deflated with old An Giang's investment deflator, million VND at constant 2010 prices */
  labour_cost::DOUBLE AS labour_cost_mvnd,
  revenue::DOUBLE AS revenue_mvnd,
  fixed_assets::DOUBLE AS fixed_assets_mvnd,
  energy_use::DOUBLE AS energy_use_gj,
  export_value::DOUBLE AS export_value_thousand_usd,
  export_value_mvnd::DOUBLE AS export_value_mvnd, /* export value converted at the year's USD/VND rate (thousand USD × VND per USD / 1000), million VND at current prices */
  (export_value_mvnd / value_added_deflator)::DOUBLE AS export_value_constant_2010_mvnd, /* the same deflated with the sector's GRDP deflator, million VND at constant 2010 prices */
  rd_spending::DOUBLE AS rd_spending_mvnd,
  productivity_tools::TEXT AS productivity_tools, /* ';'-separated productivity tools applied */
  management_systems::TEXT AS management_systems, /* ';'-separated management systems held */
  applies_productivity_tool::BOOLEAN AS applies_productivity_tool, /* applies at least one productivity tool (5S, Kaizen, Lean, ...) */
  applies_management_system::BOOLEAN AS applies_management_system /* holds at least one management system (ISO 9001, ISO 22000, GAP, ...) */
FROM measured
