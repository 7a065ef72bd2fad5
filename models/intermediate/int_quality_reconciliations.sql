-- Reconciliations across and within the sources, one row per check, geography, sector and year,
-- with the observed and expected figures, their difference and the tolerance
-- (documented in README, "Quality gates"):
--   yearbook_sectors_vs_total   AGR + IND + SRV + taxes = TOTAL (GRDP), current and 2010 prices: 0.1 %
--   yearbook_sections_vs_total  VSIC sections A-U + taxes = TOTAL: 0.1 %
--   districts_vs_province       Σ districts = province, GRDP and employment: 0.1 %
--   survey_vs_yearbook_enterprises  enterprises in the survey vs the yearbook's count, by
--                               sector: 15 % (different reference dates and coverage)
-- The 0.1 % tolerances absorb the yearbook's rounding; anything larger is an error in a table.
MODEL (
  name intermediate.int_quality_reconciliations,
  kind FULL,
  owner dost_data_team,
  grain (check_code, geography_code, table_code, sector_code, year),
  audits (
    unique_combination_of_columns(columns := (check_code, geography_code, table_code, sector_code, year)),
    not_null(columns := (check_code, geography_code, year, observed, expected, passed))
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
    value
  FROM intermediate.int_yearbook_series_latest
  WHERE
    NOT value IS NULL
), sectors AS (
  SELECT
    'yearbook_sectors_vs_total' AS check_code,
    geography_code,
    table_code,
    'TOTAL' AS sector_code,
    year,
    SUM(value) FILTER (WHERE sector_code IN ('AGR', 'IND', 'SRV', 'TAX')) AS observed,
    MAX(value) FILTER (WHERE sector_code = 'TOTAL') AS expected,
    0.1 AS tolerance_pct
  FROM series
  WHERE
    table_code IN ('GRDP_HH', 'GRDP_SS')
  GROUP BY
    geography_code,
    table_code,
    year
), sections AS (
  SELECT
    'yearbook_sections_vs_total',
    geography_code,
    table_code,
    'TOTAL',
    year,
    SUM(value) FILTER (WHERE sector_code <> 'TOTAL'),
    MAX(value) FILTER (WHERE sector_code = 'TOTAL'),
    0.1
  FROM series
  WHERE
    table_code IN ('GRDP_NGANH_HH', 'GRDP_NGANH_SS')
  GROUP BY
    geography_code,
    table_code,
    year
), districts AS (
  SELECT
    'districts_vs_province',
    '89',
    d.table_code,
    'TOTAL',
    d.year,
    SUM(d.value) FILTER (WHERE LENGTH(d.geography_code) = 3),
    MAX(d.value) FILTER (WHERE d.geography_code = '89'),
    0.1
  FROM series AS d
  WHERE
    d.table_code IN ('GRDP_HUYEN', 'LD_HUYEN')
  GROUP BY
    d.table_code,
    d.year
  HAVING
    COUNT(*) FILTER (WHERE LENGTH(d.geography_code) = 3) = 11
), survey_counts AS (
  SELECT
    e.survey_year AS year,
    v.three_sector_code AS sector_code,
    COUNT(*) AS enterprises
  FROM intermediate.int_enterprise_years_measured AS e
  JOIN intermediate.int_vsic_hierarchy AS v
    ON e.vsic_code = v.vsic_code
  GROUP BY
    e.survey_year,
    v.three_sector_code
), enterprises AS (
  SELECT
    'survey_vs_yearbook_enterprises',
    '89',
    'DOANH_NGHIEP',
    y.sector_code,
    y.year,
    s.enterprises,
    y.value,
    15.0
  FROM series AS y
  JOIN survey_counts AS s
    ON s.year = y.year AND s.sector_code = y.sector_code
  WHERE
    y.table_code = 'DOANH_NGHIEP' AND y.geography_code = '89'
), checks AS (
  SELECT * FROM sectors
  UNION ALL
  SELECT * FROM sections
  UNION ALL
  SELECT * FROM districts
  UNION ALL
  SELECT * FROM enterprises
)
SELECT
  check_code::TEXT AS check_code,
  geography_code::TEXT AS geography_code,
  table_code::TEXT AS table_code,
  sector_code::TEXT AS sector_code,
  year::INT AS year,
  observed::DOUBLE AS observed, /* the sum of the parts (or the survey's count) */
  expected::DOUBLE AS expected, /* the published total (or the yearbook's count) */
  (100 * (observed - expected) / NULLIF(expected, 0))::DOUBLE AS difference_pct,
  tolerance_pct::DOUBLE AS tolerance_pct,
  (ABS(observed - expected) <= tolerance_pct / 100 * ABS(expected))::BOOLEAN AS passed
FROM checks
