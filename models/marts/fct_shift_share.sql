-- Shift-share decomposition (phân tích chuyển dịch cơ cấu) of aggregate labour-productivity
-- growth at constant 2010 prices, between a base year and an end year: consecutive years, and
-- the five-year plan periods of reference.analysis_periods (2016-2020 = from 2015 to 2020). With P = GRDP / L, P_i = VA_i / L_i and
-- S_i = L_i / L over the sectors AGR, IND, SRV, and T = product taxes / L:
--   ΔP/P0 = Σ ΔP_i S_i0 / P0             within-sector effect
--         + Σ ΔS_i P_i0 / P0             static shift (workers moving to higher-LP sectors)
--         + Σ ΔP_i ΔS_i / P0             dynamic shift
--         + ΔT / P0                      change in the tax share of GRDP
-- P is computed from the sector components, so the four parts add up to the total exactly.
MODEL (
  name marts.fct_shift_share,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, period_code, base_year, end_year),
  audits (
    accepted_range(column := total_growth_pct, min_v := -60, max_v := 300),
    unique_combination_of_columns(columns := (geography_code, period_code, base_year, end_year)),
    not_null(columns := (geography_code, period_code, obs_status, conf_status)),
    forall(criteria := (obs_status = 'B' OR NOT (total_growth_pct IS NULL OR within_effect_pp IS NULL OR static_shift_pp IS NULL OR dynamic_shift_pp IS NULL OR tax_effect_pp IS NULL))),
    assert_shift_share_adds_up(tolerance := 0.000000001)
  )
);

WITH inputs AS (
  SELECT
    geography_code,
    sector_code,
    year,
    value_added_constant_2010_mvnd AS value_added,
    employment_persons AS employment
  FROM intermediate.int_sector_year_inputs
  WHERE
    geography_code IN ('89', '91_pre2025', '91_comparable')
    AND sector_code IN ('AGR', 'IND', 'SRV', 'TAX')
), complete_years AS (
  /* years with all three sectors and taxes at constant prices */
  SELECT
    geography_code,
    year,
    @exact_sum(CASE WHEN sector_code <> 'TAX' THEN employment END) AS employment,
    @exact_sum(value_added) AS grdp,
    MAX(value_added) FILTER (WHERE sector_code = 'TAX') AS taxes
  FROM inputs
  GROUP BY
    geography_code,
    year
  HAVING
    COUNT(value_added) = 4 AND COUNT(employment) FILTER (WHERE sector_code <> 'TAX') = 3
), sectors AS (
  SELECT
    i.geography_code,
    i.sector_code,
    i.year,
    i.value_added / i.employment AS sector_lp,
    i.employment / y.employment AS employment_share,
    y.grdp / y.employment AS aggregate_lp,
    y.taxes / y.employment AS tax_per_worker
  FROM inputs AS i
  JOIN complete_years AS y
    ON i.geography_code = y.geography_code AND i.year = y.year
  WHERE
    i.sector_code <> 'TAX'
), periods AS (
  SELECT DISTINCT
    'consecutive_years' AS period_code,
    geography_code,
    year - 1 AS base_year,
    year AS end_year
  FROM complete_years
  UNION ALL
  /* a plan period 2016-2020 is the growth from 2015 (its base) to 2020 */
  SELECT
    p.period_code,
    y.geography_code,
    p.first_year - 1 AS base_year,
    p.last_year AS end_year
  FROM reference.analysis_periods AS p
  CROSS JOIN (SELECT DISTINCT geography_code FROM complete_years) AS y
), pairs AS (
  SELECT
    p.geography_code,
    p.period_code,
    p.base_year,
    p.end_year,
    s0.sector_code,
    s0.sector_lp AS lp0,
    s1.sector_lp AS lp1,
    s0.employment_share AS share0,
    s1.employment_share AS share1,
    s0.aggregate_lp AS aggregate_lp0,
    s1.aggregate_lp AS aggregate_lp1,
    s0.tax_per_worker AS tax0,
    s1.tax_per_worker AS tax1
  FROM periods AS p
  JOIN sectors AS s0
    ON p.geography_code = s0.geography_code AND s0.year = p.base_year
  JOIN sectors AS s1
    ON p.geography_code = s1.geography_code AND s1.year = p.end_year AND s1.sector_code = s0.sector_code
), decomposed AS (
  SELECT
    geography_code,
    period_code,
    base_year,
    end_year,
    MAX(aggregate_lp0) AS aggregate_lp0,
    MAX(aggregate_lp1) AS aggregate_lp1,
    @exact_sum((lp1 - lp0) * share0) / MAX(aggregate_lp0) AS within_effect,
    @exact_sum((share1 - share0) * lp0) / MAX(aggregate_lp0) AS static_shift,
    @exact_sum((lp1 - lp0) * (share1 - share0)) / MAX(aggregate_lp0) AS dynamic_shift,
    (MAX(tax1) - MAX(tax0)) / MAX(aggregate_lp0) AS tax_effect,
    COUNT(*) AS sectors
  FROM pairs
  GROUP BY
    geography_code,
    period_code,
    base_year,
    end_year
  HAVING
    COUNT(*) = 3
), flagged AS (
  /* a period whose base year is on one employment definition and its end year on another
     (reference.series_breaks) is not comparable: its growth and effects are withheld */
  SELECT
    d.*,
    (
      /* the codes ', '-separated, in code order (STRING_AGG written with list functions every
         engine has; NULLIF: no break gives NULL, as STRING_AGG does, not '') */
      SELECT NULLIF(ARRAY_TO_STRING(LIST_SORT(ARRAY_AGG(b.break_code)), ', '), '')
      FROM reference.series_breaks AS b
      WHERE b.measure = 'employment' AND d.base_year < b.first_year AND b.first_year <= d.end_year
    ) AS break_code
  FROM decomposed AS d
)
SELECT
  geography_code::TEXT AS geography_code, /* 89, 91_pre2025, 91_comparable */
  period_code::TEXT AS period_code, /* consecutive_years, or a plan period such as 2016_2020 */
  base_year::INT AS base_year, /* year the growth is measured from (for a plan period, the year before its first year) */
  end_year::INT AS end_year, /* last year of the period */
  aggregate_lp0::DOUBLE AS labour_productivity_base_year_mvnd, /* P0 = GRDP / L, million VND per worker, constant 2010 prices */
  aggregate_lp1::DOUBLE AS labour_productivity_end_year_mvnd, /* P1 */
  CASE WHEN break_code IS NULL THEN 100 * (aggregate_lp1 / aggregate_lp0 - 1) END::DOUBLE AS total_growth_pct, /* 100 ΔP / P0, % over the whole period */
  CASE WHEN break_code IS NULL THEN 100 * within_effect END::DOUBLE AS within_effect_pp, /* productivity growth inside sectors, percentage points */
  CASE WHEN break_code IS NULL THEN 100 * static_shift END::DOUBLE AS static_shift_pp, /* reallocation of workers between sectors, percentage points */
  CASE WHEN break_code IS NULL THEN 100 * dynamic_shift END::DOUBLE AS dynamic_shift_pp, /* workers moving to sectors whose productivity grows, percentage points */
  CASE WHEN break_code IS NULL THEN 100 * tax_effect END::DOUBLE AS tax_effect_pp, /* change in product taxes less subsidies per worker, percentage points */
  CASE
    WHEN break_code IS NULL THEN 100 * (within_effect + static_shift + dynamic_shift + tax_effect)
  END::DOUBLE AS sum_of_effects_pp, /* equals total_growth_pct */
  CASE
    WHEN break_code IS NULL
    THEN 100 * (aggregate_lp1 / aggregate_lp0 - 1) - 100 * (within_effect + static_shift + dynamic_shift + tax_effect)
  END::DOUBLE AS residual_pp, /* total - sum of effects: zero up to floating-point rounding */
  CASE
    WHEN break_code IS NULL THEN 100 * (POWER(aggregate_lp1 / aggregate_lp0, 1.0 / (end_year - base_year)) - 1)
  END::DOUBLE AS average_annual_growth_pct, /* compound average annual growth of P, % */
  'constant_2010'::TEXT AS price_basis, /* constant_2010: labour productivity at constant 2010 prices */
  2010::INT AS price_base_year, /* base year of the constant prices */
  'million VND per worker (levels); % and percentage points (growth and effects)'::TEXT AS unit, /* units of the measures */
  break_code::TEXT AS break_code, /* the break in reference.series_breaks that the period spans (growth and effects withheld); NULL when comparable */
  CASE WHEN NOT break_code IS NULL THEN 'B' ELSE 'A' END::TEXT AS obs_status, /* SDMX: B the period spans a definition break (not comparable, measures withheld), A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  'statistics_office yearbook: GRDP_SS, LAO_DONG'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM flagged
