-- The current vintage of every yearbook series: for each cell, the figure from the latest
-- edition that published it. Earlier editions stay in staging for revision analysis.
MODEL (
  name intermediate.int_yearbook_series_latest,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, table_code, indicator, sector_code, price_basis, year),
  audits (
    unique_combination_of_columns(columns := (geography_code, table_code, indicator, sector_code, price_basis, year)),
    assert_grdp_sectors_sum_to_total(tolerance := 10)
  )
);

WITH source AS (
  SELECT
    edition,
    geography_code,
    table_code,
    indicator,
    sector_code,
    price_basis,
    year,
    value,
    unit,
    is_preliminary,
    missing_reason
  FROM staging.stg_statistics_office__yearbook_cells
), ranked AS (
  SELECT
    edition,
    geography_code,
    table_code,
    indicator,
    sector_code,
    price_basis,
    year,
    value,
    unit,
    is_preliminary,
    missing_reason,
    ROW_NUMBER() OVER (
      PARTITION BY geography_code, table_code, indicator, sector_code, price_basis, year
      ORDER BY edition DESC
    ) AS edition_rank
  FROM source
)
SELECT
  geography_code::TEXT AS geography_code,
  table_code::TEXT AS table_code,
  indicator::TEXT AS indicator,
  sector_code::TEXT AS sector_code,
  price_basis::TEXT AS price_basis,
  year::INT AS year,
  value::DOUBLE AS value, /* figure from the latest edition, in `unit` */
  unit::TEXT AS unit,
  is_preliminary::BOOLEAN AS is_preliminary,
  missing_reason::TEXT AS missing_reason,
  edition::INT AS edition /* edition the figure comes from */
FROM ranked
WHERE
  edition_rank = 1
