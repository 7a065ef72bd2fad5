-- What changed between yearbook editions (điều chỉnh số liệu): for every series and year that two
-- consecutive editions both published, the level revision and the growth revision, so an analyst
-- can see why last year's figure moved.
MODEL (
  name marts.fct_yearbook_revisions,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, table_code, indicator, sector_code, price_basis, year, edition_to),
  audits (
    accepted_range(column := level_revision_pct, min_v := -50, max_v := 50),
    unique_combination_of_columns(columns := (geography_code, table_code, indicator, sector_code, price_basis, year, edition_to)),
    not_null(columns := (geography_code, table_code, indicator, sector_code, year, edition_from, edition_to, obs_status, conf_status))
  )
);

WITH cells AS (
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
    is_preliminary
  FROM staging.stg_statistics_office__yearbook_cells
), with_growth AS (
  SELECT
    *,
    value / NULLIF(
      LAG(value) OVER (
        PARTITION BY edition, geography_code, table_code, indicator, sector_code, price_basis
        ORDER BY year
      ),
      0
    ) - 1 AS growth,
    LAG(year) OVER (
      PARTITION BY edition, geography_code, table_code, indicator, sector_code, price_basis
      ORDER BY year
    ) AS previous_year
  FROM cells
), editions AS (
  SELECT
    *,
    LAG(edition) OVER (
      PARTITION BY geography_code, table_code, indicator, sector_code, price_basis, year
      ORDER BY edition
    ) AS previous_edition
  FROM with_growth
)
SELECT
  n.geography_code::TEXT AS geography_code, /* 89 old An Giang, 91_pre2025 old Kiên Giang, 91 merged An Giang, 3-digit codes: districts of old An Giang */
  n.table_code::TEXT AS table_code, /* yearbook table (sheet) code, e.g. GRDP_HH, LAO_DONG */
  n.indicator::TEXT AS indicator, /* what is measured: grdp, employment, investment, enterprises, population, ... */
  n.sector_code::TEXT AS sector_code, /* TOTAL, AGR / IND / SRV (three sectors), TAX (product taxes less subsidies), VSIC section letter, or a product group (e.g. AQUACULTURE, TEXTILES) */
  n.price_basis::TEXT AS price_basis, /* current, constant_2010 or none */
  n.year::INT AS year, /* reference year of the figure */
  n.unit::TEXT AS unit, /* unit of the values: million_vnd, persons, enterprises, hectares, tonnes, ... */
  o.edition::INT AS edition_from, /* earlier edition */
  n.edition::INT AS edition_to, /* next edition that published the same figure */
  o.value::DOUBLE AS value_from, /* the figure in the earlier edition, in `unit` */
  n.value::DOUBLE AS value_to, /* the figure in the later edition, in `unit` */
  (n.value - o.value)::DOUBLE AS level_revision, /* value_to - value_from, in `unit` */
  (100 * (n.value / NULLIF(o.value, 0) - 1))::DOUBLE AS level_revision_pct, /* % */
  (100 * CASE WHEN o.previous_year = o.year - 1 THEN o.growth END)::DOUBLE AS growth_from_pct, /* growth on the previous year in the earlier edition, % */
  (100 * CASE WHEN n.previous_year = n.year - 1 THEN n.growth END)::DOUBLE AS growth_to_pct, /* the same in the later edition, % */
  (
    100 * (
      CASE WHEN n.previous_year = n.year - 1 THEN n.growth END
      - CASE WHEN o.previous_year = o.year - 1 THEN o.growth END
    )
  )::DOUBLE AS growth_revision_pp, /* percentage points */
  o.is_preliminary::BOOLEAN AS was_preliminary, /* the earlier edition marked the year preliminary */
  n.is_preliminary::BOOLEAN AS is_preliminary, /* the later edition marks the year preliminary (sơ bộ) */
  (n.value IS DISTINCT FROM o.value)::BOOLEAN AS is_revised, /* the level changed */
  'statistics_office yearbook: every edition'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  CASE WHEN n.is_preliminary THEN 'P' ELSE 'A' END::TEXT AS obs_status, /* SDMX: P the later edition's figure is preliminary, A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM editions AS n
JOIN with_growth AS o
  ON o.edition = n.previous_edition
  AND o.geography_code = n.geography_code
  AND o.table_code = n.table_code
  AND o.indicator = n.indicator
  AND o.sector_code = n.sector_code
  AND o.price_basis = n.price_basis
  AND o.year = n.year
