-- What changed between downloads of the statistics office's official series (vintages): for every
-- figure two downloads published, the earlier and the later value and the revision — the
-- population series, for one, was revised back to 2011 after the 2019 census (An Giang 2015:
-- 2,158.3 thousand in the 2018 download, 2,000.9 in E02.01). No vintage overwrites another.
MODEL (
  name marts.fct_official_revisions,
  kind FULL,
  owner dost_data_team,
  grain (indicator, geography_code, sector_code, price_basis, year, vintage_to),
  audits (
    unique_combination_of_columns(columns := (indicator, geography_code, sector_code, price_basis, year, vintage_to)),
    not_null(columns := (indicator, geography_code, year, vintage_from, vintage_to, data_origin, obs_status, conf_status))
  )
);

WITH cells AS (
  SELECT
    vintage,
    table_code,
    indicator,
    geography_code,
    sector_code,
    price_basis,
    year,
    value,
    unit
  FROM staging.stg_statistics_office__pxweb_cells
), paired AS (
  SELECT
    *,
    LAG(vintage) OVER series AS vintage_from,
    LAG(table_code) OVER series AS table_from,
    LAG(value) OVER series AS value_from
  FROM cells
  WINDOW series AS (PARTITION BY indicator, geography_code, sector_code, price_basis, year ORDER BY vintage, table_code)
)
SELECT
  indicator::TEXT AS indicator, /* what the figure measures (labour_productivity, employment, population, ...) */
  geography_code::TEXT AS geography_code, /* province (91_pre2025 for old Kiên Giang), region or VN */
  sector_code::TEXT AS sector_code, /* TOTAL, VSIC 2018 section, TAX or AQUACULTURE */
  price_basis::TEXT AS price_basis, /* current, constant_2010 or none */
  year::INT AS year, /* calendar year the figure refers to */
  unit::TEXT AS unit, /* unit of both vintages' values */
  vintage_from::DATE AS vintage_from, /* the earlier download */
  table_from::TEXT AS table_from, /* the table of the earlier download */
  value_from::DOUBLE AS value_from, /* the figure as first published */
  vintage::DATE AS vintage_to, /* the later download */
  table_code::TEXT AS table_to, /* the table of the later download */
  value::DOUBLE AS value_to, /* the figure as published later */
  (value - value_from)::DOUBLE AS revision, /* later minus earlier, in `unit` */
  (100 * (value / NULLIF(value_from, 0) - 1))::DOUBLE AS revision_pct, /* later / earlier - 1, % */
  (ABS(value - value_from) > 0)::BOOLEAN AS is_revised, /* the later download changed the figure */
  'A'::TEXT AS obs_status, /* SDMX: A normal (both values as the office published them) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  @data_origin('statistics_office_pxweb')::TEXT AS data_origin /* real: downloaded from the statistics office's database */
FROM paired
WHERE
  NOT vintage_from IS NULL
