-- Labour productivity as the statistics office publishes it, from its online database (PX-Web):
-- REAL, official figures, never mixed with the synthetic yearbook's. By province, region and the
-- country 2018-2024: employed persons (E02.45) and the office's own labour productivity at
-- current prices (E02.58), with value added derived as productivity × employment; the merged
-- province's comparable series (91_comparable = old An Giang 89 + old Kiên Giang 91) where the
-- measure adds up: employment and value added are summed, productivity is derived from the sums
-- (a ratio does not add up). The whole country by VSIC 2018 section 2005-2016: GDP at current and
-- constant 2010 prices and employment (gso.gov.vn tables), productivity derived from them, and
-- its real growth at constant prices.
MODEL (
  name marts.fct_official_labour_productivity,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year),
  -- the plausible-range audit reads the bounds from this seed
  depends_on (reference.plausible_ranges),
  audits (
    unique_combination_of_columns(columns := (geography_code, sector_code, year)),
    not_null(columns := (geography_code, sector_code, year, data_origin, source_tables, vintage, obs_status, conf_status)),
    assert_within_plausible_range(
      column := labour_productivity_current_mvnd,
      measure := 'figure_million_vnd_per_worker'
    )
  )
);

WITH series AS (
  SELECT
    indicator,
    geography_code,
    sector_code,
    price_basis,
    year,
    value,
    is_preliminary,
    vintage,
    table_code
  FROM intermediate.int_official_series_latest
), provinces AS (
  SELECT
    geography_code,
    'TOTAL' AS sector_code,
    year,
    MAX(value) FILTER (WHERE indicator = 'employment') AS employment_persons,
    MAX(value) FILTER (WHERE indicator = 'labour_productivity') AS lp_current,
    NULL::DOUBLE AS va_constant,
    BOOL_OR(is_preliminary) AS is_preliminary,
    MAX(vintage) AS vintage,
    /* the distinct table codes in order, ', '-separated (STRING_AGG(DISTINCT ... ORDER BY),
       written with list functions every engine has; NULLIF: no code gives NULL, not '') */
    NULLIF(ARRAY_TO_STRING(LIST_SORT(LIST_DISTINCT(ARRAY_AGG(table_code))), ', '), '') AS source_tables
  FROM series
  WHERE
    table_code IN ('E02.58', 'E02.45') AND sector_code = 'TOTAL'
  GROUP BY
    geography_code,
    year
), province_rows AS (
  SELECT
    geography_code,
    sector_code,
    year,
    employment_persons,
    lp_current * employment_persons AS va_current,
    va_constant,
    lp_current,
    TRUE AS lp_is_published,
    is_preliminary,
    vintage,
    source_tables
  FROM provinces
), comparable AS (
  SELECT
    '91_comparable' AS geography_code,
    'TOTAL' AS sector_code,
    year,
    @exact_sum(employment_persons) AS employment_persons,
    @exact_sum(va_current) AS va_current,
    NULL::DOUBLE AS va_constant,
    NULL::DOUBLE AS lp_current,
    FALSE AS lp_is_published,
    BOOL_OR(is_preliminary) AS is_preliminary,
    MAX(vintage) AS vintage,
    MAX(source_tables) AS source_tables
  FROM province_rows
  WHERE
    geography_code IN ('89', '91_pre2025')
  GROUP BY
    year
  HAVING
    COUNT(*) = 2 AND COUNT(va_current) = 2
), national_sections AS (
  SELECT
    geography_code,
    sector_code,
    year,
    MAX(value) FILTER (WHERE indicator = 'employment') AS employment_persons,
    MAX(value) FILTER (WHERE indicator = 'gdp' AND price_basis = 'current') AS va_current,
    MAX(value) FILTER (WHERE indicator = 'gdp' AND price_basis = 'constant_2010') AS va_constant,
    NULL::DOUBLE AS lp_current,
    FALSE AS lp_is_published,
    BOOL_OR(is_preliminary) AS is_preliminary,
    MAX(vintage) AS vintage,
    /* the distinct table codes in order, ', '-separated (STRING_AGG(DISTINCT ... ORDER BY),
       written with list functions every engine has; NULLIF: no code gives NULL, not '') */
    NULLIF(ARRAY_TO_STRING(LIST_SORT(LIST_DISTINCT(ARRAY_AGG(table_code))), ', '), '') AS source_tables
  FROM series
  WHERE
    table_code IN ('GSO_GDP_CURRENT', 'GSO_GDP_CONSTANT_2010', 'GSO_EMPLOYMENT_BY_ACTIVITY')
    AND sector_code <> 'TAX'
  GROUP BY
    geography_code,
    sector_code,
    year
), combined AS (
  SELECT * FROM province_rows
  UNION ALL
  SELECT * FROM comparable
  UNION ALL
  SELECT * FROM national_sections
), measured AS (
  SELECT
    *,
    COALESCE(lp_current, @safe_ratio(va_current, employment_persons)) AS lp_current_value,
    @safe_ratio(va_constant, employment_persons) AS lp_constant
  FROM combined
), with_growth AS (
  SELECT
    *,
    100 * (
      lp_constant / NULLIF(
        LAG(lp_constant) OVER (PARTITION BY geography_code, sector_code ORDER BY year),
        0
      ) - 1
    ) AS lp_real_growth_pct,
    LAG(year) OVER (PARTITION BY geography_code, sector_code ORDER BY year) AS previous_year
  FROM measured
)
SELECT
  geography_code::TEXT AS geography_code, /* province code (89 old An Giang, 91_pre2025 old Kiên Giang), 91_comparable (89 + old 91), region code or VN (the whole country) */
  sector_code::TEXT AS sector_code, /* TOTAL, or a VSIC 2018 section letter (the whole country, 2005-2016) */
  year::INT AS year, /* calendar year the figure refers to */
  employment_persons::DOUBLE AS employment_persons, /* employed persons (E02.45; by section: employed population 15+) */
  va_current::DOUBLE AS value_added_current_mvnd, /* million VND, current prices: GDP by section, or labour productivity × employment (provinces, derived) */
  va_constant::DOUBLE AS value_added_constant_2010_mvnd, /* million VND, constant 2010 prices (the whole country by section only) */
  lp_current_value::DOUBLE AS labour_productivity_current_mvnd, /* million VND per employed person, current prices */
  lp_constant::DOUBLE AS labour_productivity_constant_2010_mvnd, /* million VND per employed person, constant 2010 prices */
  CASE WHEN previous_year = year - 1 THEN lp_real_growth_pct END::DOUBLE AS labour_productivity_real_growth_pct, /* growth on the previous year at constant 2010 prices, %; NULL when the previous year is missing */
  lp_is_published::BOOLEAN AS labour_productivity_is_published, /* true: the statistics office's own figure (E02.58); false: derived here from published value added and employment */
  is_preliminary::BOOLEAN AS is_preliminary, /* a published input is preliminary (sơ bộ) */
  vintage::DATE AS vintage, /* the latest download among the inputs */
  source_tables::TEXT AS source_tables, /* the PX-Web tables the row comes from */
  'current'::TEXT AS price_basis_current, /* price basis of the current-price columns */
  'constant_2010'::TEXT AS price_basis_constant, /* price basis and base year of the constant-price columns */
  2010::INT AS price_base_year, /* base year of the constant-price columns */
  'persons (employment); million VND (value added); million VND per worker (labour productivity); % (growth)'::TEXT AS unit, /* units of the measures */
  CASE WHEN is_preliminary THEN 'P' WHEN NOT lp_is_published THEN 'E' ELSE 'A' END::TEXT AS obs_status, /* SDMX: P preliminary input, E labour productivity derived here (not published by the office), A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  @data_origin('statistics_office_pxweb')::TEXT AS data_origin /* real: downloaded from the statistics office's database */
FROM with_growth
