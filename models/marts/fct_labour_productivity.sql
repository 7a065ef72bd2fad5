-- Labour productivity (năng suất lao động) by geography, sector and year, as the statistics
-- office defines it: value added (GRDP for the total, which includes product taxes less
-- subsidies) divided by average employed persons. Million VND per worker at current prices and
-- at constant 2010 prices; real growth from constant prices; index 2010 = 100; the country's
-- figure beside the province's. Every row states its geography, price bases and the employment
-- definition of its denominator. Real growth is not published for a year whose denominator is
-- on a different employment definition from the year before (reference.series_breaks: 2020):
-- the row is flagged B, its level is published, its growth is NULL.
MODEL (
  name marts.fct_labour_productivity,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year),
  -- the plausible-range audit reads the bounds from this seed
  depends_on (reference.plausible_ranges),
  audits (
    not_null(columns := (geography_code, sector_code, year, employment_persons, employment_definition, obs_status, conf_status)),
    unique_combination_of_columns(columns := (geography_code, sector_code, year)),
    assert_within_plausible_range(
      column := labour_productivity_current_mvnd,
      measure := 'labour_productivity_mvnd_per_worker'
    ),
    assert_within_plausible_range(
      column := labour_productivity_real_growth_pct,
      measure := 'labour_productivity_real_growth_pct'
    ),
    assert_total_equals_sectors_plus_taxes(tolerance := 10)
  )
);

WITH inputs AS (
  SELECT
    geography_code,
    sector_code,
    year,
    value_added_current_mvnd,
    value_added_constant_2010_mvnd,
    employment_persons,
    is_preliminary,
    edition
  FROM intermediate.int_sector_year_inputs
), taxes AS (
  SELECT
    geography_code,
    year,
    value_added_current_mvnd AS taxes_current_mvnd,
    value_added_constant_2010_mvnd AS taxes_constant_2010_mvnd
  FROM inputs
  WHERE
    sector_code = 'TAX'
), measured AS (
  SELECT
    i.geography_code,
    i.sector_code,
    i.year,
    i.value_added_current_mvnd,
    i.value_added_constant_2010_mvnd,
    i.employment_persons,
    CASE WHEN i.sector_code = 'TOTAL' THEN t.taxes_current_mvnd END AS taxes_current_mvnd,
    CASE WHEN i.sector_code = 'TOTAL' THEN t.taxes_constant_2010_mvnd END AS taxes_constant_2010_mvnd,
    @safe_ratio(i.value_added_current_mvnd, i.employment_persons) AS lp_current,
    @safe_ratio(i.value_added_constant_2010_mvnd, i.employment_persons) AS lp_constant,
    i.is_preliminary,
    i.edition
  FROM inputs AS i
  LEFT JOIN taxes AS t
    ON i.geography_code = t.geography_code AND i.year = t.year
  WHERE
    i.sector_code IN ('TOTAL', 'AGR', 'IND', 'SRV') AND NOT i.employment_persons IS NULL
), with_growth AS (
  SELECT
    m.*,
    LAG(m.lp_constant) OVER (PARTITION BY m.geography_code, m.sector_code ORDER BY m.year) AS previous_lp_constant,
    LAG(m.year) OVER (PARTITION BY m.geography_code, m.sector_code ORDER BY m.year) AS previous_year,
    MAX(CASE WHEN m.year = 2010 THEN m.lp_constant END) OVER (PARTITION BY m.geography_code, m.sector_code) AS lp_constant_2010,
    EXISTS (
      SELECT 1 FROM reference.series_breaks AS b WHERE b.measure = 'employment' AND b.first_year = m.year
    ) AS crosses_break
  FROM measured AS m
)
SELECT
  g.geography_code::TEXT AS geography_code, /* 89 old An Giang; 91_pre2025 old Kiên Giang; 91 merged An Giang (from 1 July 2025); 91_comparable = 89 + 91_pre2025 to 2024, then 91; 3-digit codes: districts of old An Giang */
  g.sector_code::TEXT AS sector_code, /* TOTAL (GRDP), AGR agriculture-forestry-fisheries, IND industry-construction, SRV services */
  g.year::INT AS year, /* reference year */
  g.value_added_current_mvnd::DOUBLE AS value_added_current_mvnd, /* value added (GRDP for TOTAL), million VND, current prices */
  g.value_added_constant_2010_mvnd::DOUBLE AS value_added_constant_2010_mvnd, /* million VND, constant 2010 prices (NULL for districts) */
  g.taxes_current_mvnd::DOUBLE AS product_taxes_current_mvnd, /* TOTAL rows: product taxes less subsidies in GRDP, million VND, current prices */
  g.taxes_constant_2010_mvnd::DOUBLE AS product_taxes_constant_2010_mvnd, /* TOTAL rows: the same at constant 2010 prices */
  g.employment_persons::DOUBLE AS employment_persons, /* average employed persons aged 15+ (lao động đang làm việc bình quân) */
  g.lp_current::DOUBLE AS labour_productivity_current_mvnd, /* million VND per worker, current prices */
  g.lp_constant::DOUBLE AS labour_productivity_constant_2010_mvnd, /* million VND per worker, constant 2010 prices */
  CASE
    WHEN g.previous_year = g.year - 1 AND NOT g.crosses_break
    THEN (g.lp_constant / g.previous_lp_constant - 1) * 100
  END::DOUBLE AS labour_productivity_real_growth_pct, /* real growth on the previous year, %, constant 2010 prices; NULL across the 2020 employment-definition break */
  (100 * g.lp_constant / g.lp_constant_2010)::DOUBLE AS labour_productivity_index_2010, /* constant-price labour productivity, fixed base 2010 = 100 */
  n.value::DOUBLE AS national_labour_productivity_current_mvnd, /* Viet Nam, the statistics office's own figure (PX-Web E02.58, real), current prices (TOTAL rows, 2018 on) */
  (100 * g.lp_current / n.value)::DOUBLE AS relative_to_national_pct, /* province (or district) labour productivity as % of Viet Nam's, current prices, TOTAL rows, 2018 on */
  e.employment_definition::TEXT AS employment_definition, /* definition of the employment denominator: lfs_before_2020 or lfs_2020_revised (see reference.employment_definitions) */
  'current, constant_2010'::TEXT AS price_bases, /* price bases of the money columns */
  2010::INT AS index_base_year, /* base year of labour_productivity_index_2010 (2010 = 100) */
  g.is_preliminary::BOOLEAN AS is_preliminary, /* any input is preliminary (sơ bộ) in its edition */
  'million VND per worker (labour productivity); million VND (value added, taxes); persons (employment); % (growth, relative to national); 2010 = 100 (index)'::TEXT AS unit, /* units of the measures */
  CASE WHEN g.crosses_break THEN 'B' WHEN g.is_preliminary THEN 'P' ELSE 'A' END::TEXT AS obs_status, /* SDMX: B first year on the 2020 employment definition (growth withheld), P preliminary, A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  g.edition::INT AS edition, /* latest yearbook edition among the inputs */
  'statistics_office yearbook: GRDP_HH, GRDP_SS, LAO_DONG, GRDP_HUYEN, LD_HUYEN; national: PX-Web E02.58'::TEXT AS data_source, /* the tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the yearbook files' origin (the shipped sample is synthetic) */
FROM with_growth AS g
LEFT JOIN intermediate.int_official_series_latest AS n
  ON g.year = n.year
  AND g.sector_code = 'TOTAL'
  AND n.indicator = 'labour_productivity'
  AND n.geography_code = 'VN'
  AND n.sector_code = 'TOTAL'
LEFT JOIN reference.employment_definitions AS e
  ON g.year BETWEEN e.first_year AND e.last_year
