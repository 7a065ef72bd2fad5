-- Every cell of every edition of the statistical-yearbook tables (Niên giám thống kê), typed,
-- in normalised units: money in million VND, people in persons. One row per cell.
MODEL (
  name staging.stg_statistics_office__yearbook_cells,
  kind FULL,
  owner dost_data_team,
  grain (edition, geography_code, table_code, indicator, sector_code, price_basis, year),
  audits (
    not_null(columns := (edition, geography_code, table_code, indicator, sector_code, year, unit)),
    unique_combination_of_columns(columns := (edition, geography_code, table_code, indicator, sector_code, price_basis, year)),
    accepted_range(column := year, min_v := 2000, max_v := 2100)
  )
);

SELECT
  edition::INT AS edition, /* yearbook edition (năm xuất bản niên giám) that published the figure */
  province_code::TEXT AS province_code, /* official province code of the yearbook's province */
  geography_code::TEXT AS geography_code, /* geography the figure refers to: 89 old An Giang, 91_pre2025 old Kiên Giang, 91 merged An Giang, 3-digit district codes */
  table_code::TEXT AS table_code, /* yearbook table (sheet) code, e.g. GRDP_HH */
  indicator::TEXT AS indicator, /* what is measured: grdp, employment, investment, enterprises, population, ... */
  sector_code::TEXT AS sector_code, /* TOTAL, AGR / IND / SRV (three sectors), TAX (product taxes less subsidies), VSIC section letter, or a product group */
  price_basis::TEXT AS price_basis, /* current, constant_2010 or none */
  year::INT AS year, /* reference year of the figure */
  value::DOUBLE AS value, /* the figure in `unit`; NULL where the yearbook printed '-' or '..' */
  unit::TEXT AS unit, /* million_vnd, persons, enterprises, hectares, tonnes, ... */
  is_preliminary::BOOLEAN AS is_preliminary, /* the edition marked the year preliminary (Sơ bộ) */
  is_estimated::BOOLEAN AS is_estimated, /* the edition marked the year an estimate (Ước tính) */
  missing_reason::TEXT AS missing_reason, /* not_applicable ('-') or not_available ('..') */
  source_file::TEXT AS source_file,
  source_sha256::TEXT AS source_sha256,
  sheet::TEXT AS sheet,
  source_row::INT AS source_row,
  source_column::INT AS source_column,
  loaded_at::TIMESTAMPTZ AS loaded_at
FROM raw.yearbook_cells
