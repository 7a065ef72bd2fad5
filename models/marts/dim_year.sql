-- Reference years of the warehouse: the latest yearbook edition that published each year,
-- whether that edition marks it preliminary (sơ bộ), the employment definition in force, and the
-- price bases and index base year the figures use.
MODEL (
  name marts.dim_year,
  kind FULL,
  owner dost_data_team,
  grain year,
  audits (
    unique_values(columns := (year)),
    not_null(columns := (year, latest_edition, employment_definition, obs_status, conf_status))
  )
);

WITH years AS (
  SELECT
    year,
    MAX(edition) AS latest_edition,
    BOOL_OR(is_preliminary) AS is_preliminary
  FROM intermediate.int_yearbook_series_latest
  GROUP BY
    year
)
SELECT
  y.year::INT AS year, /* reference year of the figures */
  y.latest_edition::INT AS latest_edition, /* newest yearbook edition with figures for the year */
  y.is_preliminary::BOOLEAN AS is_preliminary, /* some figure of the year is preliminary in its latest edition */
  e.employment_definition::TEXT AS employment_definition, /* lfs_before_2020 or lfs_2020_revised */
  'current, constant_2010'::TEXT AS price_bases, /* money is published at current prices and at constant 2010 prices */
  2010::INT AS constant_price_base_year, /* base year of the constant prices (2010) */
  (y.year >= 2025)::BOOLEAN AS is_after_2025_merger, /* the merged province (91) exists from 1 July 2025 */
  'statistics_office yearbook: the editions published'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  'A'::TEXT AS obs_status, /* SDMX: A normal (a code list: no observation flag applies) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public classification) */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM years AS y
LEFT JOIN reference.employment_definitions AS e
  ON y.year BETWEEN e.first_year AND e.last_year
