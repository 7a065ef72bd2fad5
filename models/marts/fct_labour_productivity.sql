-- Labour productivity (năng suất lao động) by geography, sector and year, as the statistics
-- office defines it: value added (GRDP for the total, which includes product taxes less
-- subsidies) divided by average employed persons. Money in million VND per worker, at current
-- prices and at constant 2010 prices; real growth from constant prices; index 2010 = 100.
MODEL (
  name marts.fct_labour_productivity,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year),
  audits (
    not_null(columns := (geography_code, sector_code, year, employment_persons)),
    unique_combination_of_columns(columns := (geography_code, sector_code, year)),
    accepted_range(column := labour_productivity_current_mvnd, min_v := 1, max_v := 10000)
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
), value_added AS (
  SELECT
    geography_code,
    sector_code,
    year,
    MAX(value) FILTER (WHERE price_basis = 'current') AS value_added_current_mvnd,
    MAX(value) FILTER (WHERE price_basis = 'constant_2010') AS value_added_constant_2010_mvnd,
    BOOL_OR(is_preliminary) AS is_preliminary,
    MAX(edition) AS edition
  FROM series
  WHERE
    indicator = 'grdp'
    AND table_code IN ('GRDP_HH', 'GRDP_SS', 'GRDP_HUYEN')
    AND sector_code IN ('TOTAL', 'AGR', 'IND', 'SRV')
    /* the district table repeats the province total: keep the province's own table */
    AND NOT (table_code = 'GRDP_HUYEN' AND LENGTH(geography_code) <> 3)
  GROUP BY
    geography_code,
    sector_code,
    year
), employment AS (
  SELECT
    geography_code,
    sector_code,
    year,
    value AS employment_persons,
    is_preliminary,
    edition
  FROM series
  WHERE
    indicator = 'employment'
    AND table_code IN ('LAO_DONG', 'LD_HUYEN')
    AND NOT (table_code = 'LD_HUYEN' AND LENGTH(geography_code) <> 3)
), joined AS (
  SELECT
    v.geography_code,
    v.sector_code,
    v.year,
    v.value_added_current_mvnd,
    v.value_added_constant_2010_mvnd,
    e.employment_persons,
    @safe_ratio(v.value_added_current_mvnd, e.employment_persons) AS lp_current,
    @safe_ratio(v.value_added_constant_2010_mvnd, e.employment_persons) AS lp_constant,
    v.is_preliminary OR e.is_preliminary AS is_preliminary,
    GREATEST(v.edition, e.edition) AS edition
  FROM value_added AS v
  JOIN employment AS e
    ON v.geography_code = e.geography_code
    AND v.sector_code = e.sector_code
    AND v.year = e.year
  WHERE
    NOT e.employment_persons IS NULL
)
SELECT
  geography_code::TEXT AS geography_code, /* 89 old An Giang, 91_pre2025 old Kiên Giang, 91 merged An Giang, 3-digit district */
  sector_code::TEXT AS sector_code, /* TOTAL (GRDP), AGR agriculture-forestry-fisheries, IND industry-construction, SRV services */
  year::INT AS year,
  value_added_current_mvnd::DOUBLE AS value_added_current_mvnd, /* value added (GRDP for TOTAL) at current prices, million VND */
  value_added_constant_2010_mvnd::DOUBLE AS value_added_constant_2010_mvnd, /* at constant 2010 prices, million VND */
  employment_persons::DOUBLE AS employment_persons, /* average employed persons aged 15+ (lao động đang làm việc bình quân) */
  lp_current::DOUBLE AS labour_productivity_current_mvnd, /* million VND per worker, current prices */
  lp_constant::DOUBLE AS labour_productivity_constant_2010_mvnd, /* million VND per worker, constant 2010 prices */
  (
    lp_constant / LAG(lp_constant) OVER (PARTITION BY geography_code, sector_code ORDER BY year) - 1
  ) * 100::DOUBLE AS labour_productivity_real_growth_pct, /* real growth on the previous year, % (constant 2010 prices) */
  (
    100 * lp_constant / FIRST_VALUE(lp_constant) OVER (
      PARTITION BY geography_code, sector_code
      ORDER BY year
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    )
  )::DOUBLE AS labour_productivity_index_2010, /* constant-price LP, first year of the series (2010) = 100 */
  'constant_2010'::TEXT AS real_price_basis, /* price basis of the real measures */
  is_preliminary::BOOLEAN AS is_preliminary, /* any input figure is preliminary (sơ bộ) */
  edition::INT AS edition /* latest yearbook edition among the inputs */
FROM joined
