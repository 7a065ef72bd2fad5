-- The yearbook inputs of the productivity measures, one row per geography, sector and year:
-- value added (GRDP for TOTAL; TAX = product taxes less subsidies), employment and realised
-- investment, from the latest edition. Adds `91_comparable`: the merged province's comparable
-- history, old An Giang (89) + old Kiên Giang (91_pre2025) up to 2024, the merged province from 2025.
MODEL (
  name intermediate.int_sector_year_inputs,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year),
  audits (
    unique_combination_of_columns(columns := (geography_code, sector_code, year)),
    not_null(columns := (geography_code, sector_code, year))
  )
);

WITH series AS (
  SELECT
    geography_code,
    table_code,
    indicator,
    sector_code,
    price_basis,
    year,
    value,
    is_preliminary,
    edition
  FROM intermediate.int_yearbook_series_latest
  WHERE
    sector_code IN ('TOTAL', 'AGR', 'IND', 'SRV', 'TAX')
    AND table_code IN ('GRDP_HH', 'GRDP_SS', 'LAO_DONG', 'VON_DT_HH', 'VON_DT_SS', 'GRDP_HUYEN', 'LD_HUYEN')
    /* the district tables repeat the province total: the province's own tables are used */
    AND NOT (table_code IN ('GRDP_HUYEN', 'LD_HUYEN') AND LENGTH(geography_code) <> 3)
), pivoted AS (
  SELECT
    geography_code,
    sector_code,
    year,
    MAX(value) FILTER (WHERE indicator = 'grdp' AND price_basis = 'current') AS value_added_current,
    MAX(value) FILTER (WHERE indicator = 'grdp' AND price_basis = 'constant_2010') AS value_added_constant,
    MAX(value) FILTER (WHERE indicator = 'employment') AS employment,
    MAX(value) FILTER (WHERE indicator = 'investment' AND price_basis = 'current') AS investment_current,
    MAX(value) FILTER (WHERE indicator = 'investment' AND price_basis = 'constant_2010') AS investment_constant,
    BOOL_OR(is_preliminary) AS is_preliminary,
    MAX(edition) AS edition
  FROM series
  GROUP BY
    geography_code,
    sector_code,
    year
), comparable_history AS (
  /* a sum is published only when both old provinces have the figure */
  SELECT
    '91_comparable' AS geography_code,
    sector_code,
    year,
    CASE WHEN COUNT(value_added_current) = 2 THEN @exact_sum(value_added_current) END AS value_added_current,
    CASE WHEN COUNT(value_added_constant) = 2 THEN @exact_sum(value_added_constant) END AS value_added_constant,
    CASE WHEN COUNT(employment) = 2 THEN @exact_sum(employment) END AS employment,
    CASE WHEN COUNT(investment_current) = 2 THEN @exact_sum(investment_current) END AS investment_current,
    CASE WHEN COUNT(investment_constant) = 2 THEN @exact_sum(investment_constant) END AS investment_constant,
    BOOL_OR(is_preliminary) AS is_preliminary,
    MAX(edition) AS edition
  FROM pivoted
  WHERE
    geography_code IN ('89', '91_pre2025') AND year <= 2024
  GROUP BY
    sector_code,
    year
  HAVING
    COUNT(*) = 2
), comparable_merged AS (
  SELECT
    '91_comparable' AS geography_code,
    sector_code,
    year,
    value_added_current,
    value_added_constant,
    employment,
    investment_current,
    investment_constant,
    is_preliminary,
    edition
  FROM pivoted
  WHERE
    geography_code = '91' AND year >= 2025
), all_series AS (
  /* the three have the same columns in the same order: a positional UNION ALL (which every
     engine has, unlike DuckDB's BY NAME) matches them column for column */
  SELECT * FROM pivoted
  UNION ALL
  SELECT * FROM comparable_history
  UNION ALL
  SELECT * FROM comparable_merged
)
SELECT
  geography_code::TEXT AS geography_code, /* 89, 91_pre2025, 91 (merged, from 2025), 91_comparable, or a district of 89 */
  sector_code::TEXT AS sector_code, /* TOTAL, AGR, IND, SRV, TAX */
  year::INT AS year,
  value_added_current::DOUBLE AS value_added_current_mvnd, /* million VND, current prices; GRDP for TOTAL */
  value_added_constant::DOUBLE AS value_added_constant_2010_mvnd, /* million VND, constant 2010 prices */
  employment::DOUBLE AS employment_persons, /* average employed persons (NULL for TAX) */
  investment_current::DOUBLE AS investment_current_mvnd, /* realised investment, million VND, current prices */
  investment_constant::DOUBLE AS investment_constant_2010_mvnd, /* realised investment, million VND, constant 2010 prices */
  is_preliminary::BOOLEAN AS is_preliminary,
  edition::INT AS edition
FROM all_series
