-- Growth accounting (hạch toán tăng trưởng) by geography, sector and year: real output growth
-- split into the contributions of capital and labour and TFP growth (total factor
-- productivity, năng suất các nhân tố tổng hợp), in the Törnqvist form of the OECD Productivity
-- Database and Penn World Table (log differences, two-year average labour share), and in the
-- statistics office's form with fixed weights b_K, b_L (simple growth rates, %). TFP's share of
-- growth is the indicator of Decision 36/QĐ-TTg (target ≈45% by 2025, ≈50% by 2030).
-- This is the central assumption; fct_growth_accounting_assumptions publishes the grid around it.
-- A year whose labour growth crosses a break in the employment series (reference.series_breaks:
-- the 2020 definition) publishes output and capital growth but no labour growth, labour
-- contribution or TFP, and is flagged B.
MODEL (
  name marts.fct_growth_accounting,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, sector_code, year),
  audits (
    unique_combination_of_columns(columns := (geography_code, sector_code, year)),
    not_null(columns := (geography_code, sector_code, year, output_growth, obs_status, conf_status)),
    forall(criteria := (obs_status = 'B' OR NOT tfp_growth IS NULL)),
    accepted_range(column := output_growth, min_v := -0.5, max_v := 0.5)
  )
);

WITH accounted AS (
  SELECT
    series_id,
    year,
    output_growth,
    capital_growth,
    labour_growth,
    labour_share_average,
    capital_contribution,
    labour_contribution,
    tfp_growth,
    tfp_share_of_growth_pct,
    gso_output_growth_pct,
    gso_capital_growth_pct,
    gso_labour_growth_pct,
    gso_capital_weight,
    gso_labour_weight,
    gso_tfp_growth_pct,
    gso_tfp_share_of_growth_pct
  FROM (@growth_accounting(intermediate.int_growth_accounting_inputs)) AS g
), series AS (
  SELECT DISTINCT
    series_id,
    geography_code,
    sector_code,
    labour_share_source
  FROM intermediate.int_growth_accounting_inputs
), breaks AS (
  SELECT
    first_year
  FROM reference.series_breaks
  WHERE
    measure = 'employment'
), flagged AS (
  SELECT
    a.*,
    EXISTS (SELECT 1 FROM breaks AS b WHERE b.first_year = a.year) AS crosses_break
  FROM accounted AS a
)
SELECT
  s.geography_code::TEXT AS geography_code, /* 89, 91_pre2025, 91_comparable */
  s.sector_code::TEXT AS sector_code, /* TOTAL, AGR, IND, SRV */
  a.year::INT AS year, /* growth from year - 1 to year */
  a.output_growth::DOUBLE AS output_growth, /* Δln Y, value added at constant 2010 prices */
  a.capital_growth::DOUBLE AS capital_growth, /* Δln K, perpetual-inventory capital stock */
  CASE WHEN NOT a.crosses_break THEN a.labour_growth END::DOUBLE AS labour_growth, /* Δln L, average employed persons */
  a.labour_share_average::DOUBLE AS labour_share_average, /* ᾱ = (α_t + α_(t-1)) / 2 */
  s.labour_share_source::TEXT AS labour_share_source, /* parameter (reference.productivity_parameters) */
  a.capital_contribution::DOUBLE AS capital_contribution, /* (1 - ᾱ) Δln K */
  CASE WHEN NOT a.crosses_break THEN a.labour_contribution END::DOUBLE AS labour_contribution, /* ᾱ Δln L */
  CASE WHEN NOT a.crosses_break THEN a.tfp_growth END::DOUBLE AS tfp_growth, /* Δln TFP = Δln Y - capital - labour contributions */
  CASE WHEN NOT a.crosses_break THEN a.tfp_share_of_growth_pct END::DOUBLE AS tfp_share_of_growth_pct, /* 100 Δln TFP / Δln Y */
  a.gso_output_growth_pct::DOUBLE AS gso_output_growth_pct, /* statistics office's form: G_Y, % */
  a.gso_capital_growth_pct::DOUBLE AS gso_capital_growth_pct, /* G_K, % */
  CASE WHEN NOT a.crosses_break THEN a.gso_labour_growth_pct END::DOUBLE AS gso_labour_growth_pct, /* G_L, % */
  a.gso_capital_weight::DOUBLE AS gso_capital_weight, /* b_K = 1 - b_L */
  a.gso_labour_weight::DOUBLE AS gso_labour_weight, /* b_L (parameter) */
  CASE WHEN NOT a.crosses_break THEN a.gso_tfp_growth_pct END::DOUBLE AS gso_tfp_growth_pct, /* G_A = G_Y - b_K G_K - b_L G_L, % */
  CASE WHEN NOT a.crosses_break THEN a.gso_tfp_share_of_growth_pct END::DOUBLE AS gso_tfp_share_of_growth_pct, /* 100 G_A / G_Y */
  'constant_2010'::TEXT AS price_basis, /* constant_2010: output and capital at constant 2010 prices */
  2010::INT AS price_base_year, /* base year of the constant prices */
  'log difference (growth, contributions); % (gso_* columns and shares)'::TEXT AS unit, /* unit of the measures */
  CASE WHEN a.crosses_break THEN 'B' ELSE 'A' END::TEXT AS obs_status, /* SDMX: B labour growth crosses the 2020 employment-definition break (labour and TFP columns withheld), A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (public statistics) */
  'statistics_office yearbook: GRDP_SS, LAO_DONG, VON_DT_SS'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('statistics_office')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM flagged AS a
JOIN series AS s
  ON a.series_id = s.series_id
