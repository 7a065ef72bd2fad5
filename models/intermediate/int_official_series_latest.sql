-- The current vintage of every official series: for each figure (indicator × geography × sector
-- × price basis × year), the value from the latest download that has it, whichever PX-Web table
-- it came from (the population of 2015 is in the 2018 gso.gov.vn table and in E02.01: the later
-- vintage, after the 2019 census revision, is current). Earlier vintages stay in staging and
-- are compared in marts.fct_official_revisions.
MODEL (
  name intermediate.int_official_series_latest,
  kind FULL,
  owner dost_data_team,
  grain (indicator, geography_code, sector_code, price_basis, year),
  audits (
    unique_combination_of_columns(columns := (indicator, geography_code, sector_code, price_basis, year))
  )
);

WITH ranked AS (
  SELECT
    vintage,
    table_code,
    indicator,
    geography_code,
    sector_code,
    price_basis,
    year,
    value,
    unit,
    is_preliminary,
    missing_reason,
    ROW_NUMBER() OVER (
      PARTITION BY indicator, geography_code, sector_code, price_basis, year
      ORDER BY vintage DESC, table_code
    ) AS vintage_rank,
    COUNT(*) OVER (PARTITION BY indicator, geography_code, sector_code, price_basis, year) AS vintages
  FROM staging.stg_statistics_office__pxweb_cells
)
SELECT
  indicator::TEXT AS indicator,
  geography_code::TEXT AS geography_code,
  sector_code::TEXT AS sector_code,
  price_basis::TEXT AS price_basis,
  year::INT AS year,
  value::DOUBLE AS value, /* the figure from the latest vintage, in `unit` */
  unit::TEXT AS unit,
  is_preliminary::BOOLEAN AS is_preliminary,
  missing_reason::TEXT AS missing_reason,
  vintage::DATE AS vintage, /* the download the figure comes from */
  table_code::TEXT AS table_code, /* the PX-Web table it comes from */
  vintages::INT AS vintages /* how many downloads published this figure */
FROM ranked
WHERE
  vintage_rank = 1
