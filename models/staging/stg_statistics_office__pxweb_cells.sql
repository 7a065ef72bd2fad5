-- Every figure of the tables downloaded from the statistics office's online database (PX-Web),
-- typed: real, official series (labour productivity, employment and population by province,
-- national GDP and employment by VSIC section, aquaculture output). One row per figure and
-- vintage of the download; money in million VND, people in persons.
MODEL (
  name staging.stg_statistics_office__pxweb_cells,
  kind FULL,
  owner dost_data_team,
  grain (vintage, table_code, indicator, geography_code, sector_code, price_basis, year),
  audits (
    not_null(columns := (vintage, table_code, indicator, geography_code, sector_code, year, unit)),
    unique_combination_of_columns(columns := (vintage, table_code, indicator, geography_code, sector_code, price_basis, year))
  )
);

SELECT
  vintage::DATE AS vintage, /* when the table was downloaded from PX-Web (the figure's vintage) */
  table_code::TEXT AS table_code, /* PX-Web table code (E02.58, E02.45, E02.01) or the project's code for the 2018 gso.gov.vn exports (GSO_...) */
  indicator::TEXT AS indicator, /* labour_productivity, employment, population, area, gdp, aquaculture_output, ... */
  geography_code::TEXT AS geography_code, /* province code (91_pre2025 for old Kiên Giang), region code (RRD, ..., MRD) or VN */
  sector_code::TEXT AS sector_code, /* TOTAL, a VSIC 2018 section letter, TAX (product taxes less subsidies) or a product group */
  price_basis::TEXT AS price_basis, /* current, constant_2010 or none */
  year::INT AS year,
  value::DOUBLE AS value, /* the figure in `unit`; NULL where PX-Web printed '..' */
  unit::TEXT AS unit, /* million_vnd, million_vnd_per_worker, persons, square_km, tonnes */
  is_preliminary::BOOLEAN AS is_preliminary, /* the year was headed 'Prel.' (sơ bộ) */
  missing_reason::TEXT AS missing_reason, /* not_available ('..') or not_applicable ('-') */
  source_file::TEXT AS source_file,
  source_sha256::TEXT AS source_sha256,
  source_row::INT AS source_row,
  source_column::INT AS source_column
FROM raw.pxweb_cells
