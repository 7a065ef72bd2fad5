-- Enterprise-survey rows (Điều tra doanh nghiệp) that passed the source contract: one row per
-- enterprise and survey year, identified by a keyed pseudonym, money in million VND. The
-- district and province come from the commune as it stood at the end of the survey year (the
-- contract has checked that a district given in the file is the commune's).
MODEL (
  name staging.stg_enterprise_survey__enterprise_years,
  /* incremental by survey year: a survey year that lands or changes rebuilds that year's rows
     only (pipelines/lib/sqlmesh_project.py restates the years whose rows changed) */
  kind INCREMENTAL_BY_TIME_RANGE (
    time_column (survey_year, '%Y')
  ),
  /* a survey year is one interval, complete once the year is over */
  cron '@yearly',
  owner dost_data_team,
  grain (enterprise_id, survey_year),
  audits (
    not_null(columns := (enterprise_id, survey_year, vsic_code, commune_code, province_code)),
    unique_combination_of_columns(columns := (enterprise_id, survey_year))
  )
);

SELECT
  enterprise_id::TEXT AS enterprise_id, /* keyed pseudonym of the tax code (mã số thuế); stable across years */
  survey_year::INT AS survey_year,
  s.vsic_code::TEXT AS vsic_code, /* VSIC 2018 class (4 digits) or subclass (5 digits), as the file gives it */
  LEFT(s.vsic_code, 4)::TEXT AS vsic_class, /* VSIC 2018 class, 4 digits */
  s.commune_code::TEXT AS commune_code,
  COALESCE(s.district_code, CASE WHEN u.parent_level = 'district' THEN u.parent_code END)::TEXT AS district_code, /* district-level unit of the commune before 1 July 2025; NULL from 2025 (no district level) */
  CASE
    WHEN u.parent_level = 'district' THEN CASE WHEN d.parent_code = '91' THEN '91_pre2025' ELSE d.parent_code END
    ELSE u.parent_code
  END::TEXT AS province_code, /* 89 old An Giang or 91_pre2025 old Kiên Giang before 1 July 2025; 91 the merged province after */
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
FROM raw.enterprise_survey AS s
LEFT JOIN (
  SELECT
    c.code,
    c.parent_code,
    p.level AS parent_level,
    c.valid_from,
    c.valid_to
  FROM (
    SELECT code, level, parent_code, valid_from, valid_to FROM reference.administrative_units
    UNION ALL
    SELECT code, level, parent_code, valid_from, valid_to FROM reference.administrative_units_2025
  ) AS c
  LEFT JOIN reference.administrative_units AS p
    ON c.parent_code = p.code AND p.level = 'district'
  WHERE
    c.level = 'commune'
) AS u
  ON s.commune_code = u.code
  AND MAKE_DATE(s.survey_year, 12, 31) BETWEEN u.valid_from AND COALESCE(u.valid_to, DATE '9999-12-31')
LEFT JOIN reference.administrative_units AS d
  ON d.level = 'district' AND d.code = COALESCE(s.district_code, u.parent_code)
WHERE
  s.survey_year BETWEEN EXTRACT(YEAR FROM @start_date) AND EXTRACT(YEAR FROM @end_date)
