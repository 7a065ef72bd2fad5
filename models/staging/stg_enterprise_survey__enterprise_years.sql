-- Enterprise-survey rows (Điều tra doanh nghiệp) that passed the source contract: one row per
-- enterprise and survey year, identified by a keyed pseudonym, money in million VND.
MODEL (
  name staging.stg_enterprise_survey__enterprise_years,
  kind FULL,
  owner dost_data_team,
  grain (enterprise_id, survey_year),
  audits (
    not_null(columns := (enterprise_id, survey_year, vsic_code, district_code)),
    unique_combination_of_columns(columns := (enterprise_id, survey_year))
  )
);

SELECT
  enterprise_id::TEXT AS enterprise_id, /* keyed pseudonym of the tax code (mã số thuế); stable across years */
  survey_year::INT AS survey_year,
  vsic_code::TEXT AS vsic_code, /* VSIC 2018 subclass, 5 digits */
  LEFT(vsic_code, 4)::TEXT AS vsic_class, /* VSIC 2018 class, 4 digits */
  commune_code::TEXT AS commune_code,
  district_code::TEXT AS district_code,
  ownership::TEXT AS ownership, /* state, non_state or foreign_invested */
  employees_start::INT AS employees_start,
  employees_end::INT AS employees_end,
  labour_cost::DOUBLE AS labour_cost, /* income of employees (thu nhập của người lao động), million VND */
  revenue::DOUBLE AS revenue, /* net revenue (doanh thu thuần), million VND */
  fixed_assets::DOUBLE AS fixed_assets, /* average fixed assets, million VND */
  depreciation::DOUBLE AS depreciation, /* million VND */
  production_taxes::DOUBLE AS production_taxes, /* taxes and fees on production, million VND */
  operating_profit::DOUBLE AS operating_profit, /* net operating profit, million VND */
  energy_use::DOUBLE AS energy_use, /* GJ */
  export_value::DOUBLE AS export_value, /* thousand USD */
  rd_spending::DOUBLE AS rd_spending, /* R&D spending, million VND */
  productivity_tools::TEXT AS productivity_tools, /* ';'-separated: 5S, Kaizen, KPI, Lean, ... */
  management_systems::TEXT AS management_systems, /* ';'-separated: ISO 9001, ISO 22000, VietGAP, ... */
  source_file::TEXT AS source_file,
  source_row::INT AS source_row
FROM raw.enterprise_survey
