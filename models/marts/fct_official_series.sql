-- Every official series from the statistics office's online database (PX-Web), in its current
-- vintage: REAL figures — labour productivity, employment, population and area by province,
-- national GDP and employment by VSIC section, aquaculture output by province — one row per
-- figure, with the table it comes from, its vintage and how many downloads published it.
MODEL (
  name marts.fct_official_series,
  kind FULL,
  owner dost_data_team,
  grain (indicator, geography_code, sector_code, price_basis, year),
  audits (
    unique_combination_of_columns(columns := (indicator, geography_code, sector_code, price_basis, year)),
    not_null(columns := (indicator, geography_code, sector_code, year, unit, table_code, vintage, data_origin, obs_status, conf_status))
  )
);

SELECT
  indicator::TEXT AS indicator, /* labour_productivity, employment, population (and _male, _female, _urban, _rural), area, gdp, aquaculture_output */
  geography_code::TEXT AS geography_code, /* province (91_pre2025 for old Kiên Giang), region or VN */
  sector_code::TEXT AS sector_code, /* TOTAL, VSIC 2018 section, TAX or AQUACULTURE */
  price_basis::TEXT AS price_basis, /* current, constant_2010 or none */
  year::INT AS year, /* calendar year the figure refers to */
  value::DOUBLE AS value, /* the figure in `unit`; NULL where the office printed '..' */
  unit::TEXT AS unit, /* million_vnd, million_vnd_per_worker, persons, square_km, tonnes */
  is_preliminary::BOOLEAN AS is_preliminary, /* the office marked the year preliminary (Prel.) */
  missing_reason::TEXT AS missing_reason, /* not_available ('..') or not_applicable ('-') */
  table_code::TEXT AS table_code, /* the PX-Web table (E02.58, E02.45, E02.01) or the 2018 gso.gov.vn table (GSO_...) */
  vintage::DATE AS vintage, /* when the table was downloaded */
  vintages::INT AS vintages, /* how many downloads published this figure (2 or more: see fct_official_revisions) */
  CASE WHEN value IS NULL THEN 'Q' WHEN is_preliminary THEN 'P' ELSE 'A' END::TEXT AS obs_status, /* SDMX: Q missing (see missing_reason), P preliminary, A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  @data_origin('statistics_office_pxweb')::TEXT AS data_origin /* real: downloaded from the statistics office's database */
FROM intermediate.int_official_series_latest
