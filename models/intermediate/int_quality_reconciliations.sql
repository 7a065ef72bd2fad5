-- Reconciliations across and within the sources, one row per check, geography, sector and year,
-- with the observed and expected figures, their difference and the tolerance
-- (documented in README, "Quality gates"):
--   yearbook_sectors_vs_total   AGR + IND + SRV + taxes = TOTAL (GRDP), current and 2010 prices: 0.1 %
--   yearbook_sections_vs_total  VSIC sections A-U + taxes = TOTAL: 0.1 %
--   districts_vs_province       Σ districts = province, GRDP and employment: 0.1 %
--   survey_vs_yearbook_enterprises  enterprises in the survey vs the yearbook's count, by
--                               sector: 15 % (different reference dates and coverage)
--   yearbook_vs_official_labour_productivity  the labour productivity the yearbook implies
--                               (GRDP at current prices / employment, province totals) against the
--                               statistics office's own figure in PX-Web table E02.58
--   yearbook_vs_official_employment  the yearbook's employment against PX-Web table E02.45
-- The 0.1 % tolerances absorb the yearbook's rounding; anything larger is an error in a table.
-- The two checks against the statistics office allow exactly what rounding can explain: half the
-- published unit of the office's figure, plus the rounding of the yearbook figures propagated
-- through the ratio (relative errors of a quotient add up: LP × (ΔGRDP/GRDP + ΔE/E)); the
-- half-units are in reference.productivity_parameters (rounding_*). Old An Giang (89) and old
-- Kiên Giang (91_pre2025), every year both publish.
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
), rounding AS (
  SELECT
    MAX(value) FILTER (WHERE parameter = 'rounding_yearbook_grdp') AS grdp,
    MAX(value) FILTER (WHERE parameter = 'rounding_yearbook_employment') AS employment,
    MAX(value) FILTER (WHERE parameter = 'rounding_official_labour_productivity') AS official_lp,
    MAX(value) FILTER (WHERE parameter = 'rounding_official_employment') AS official_employment
  FROM reference.productivity_parameters
), yearbook_totals AS (
  SELECT
    geography_code,
    year,
    MAX(value) FILTER (WHERE table_code = 'GRDP_HH') AS grdp_mvnd,
    MAX(value) FILTER (WHERE table_code = 'LAO_DONG') AS employment
  FROM series
  WHERE
    table_code IN ('GRDP_HH', 'LAO_DONG') AND sector_code = 'TOTAL'
  GROUP BY
    geography_code,
    year
), official AS (
  SELECT
    geography_code,
    year,
    MAX(value) FILTER (WHERE indicator = 'labour_productivity') AS labour_productivity,
    MAX(value) FILTER (WHERE indicator = 'employment') AS employment
  FROM intermediate.int_official_series_latest
  WHERE
    sector_code = 'TOTAL'
    AND (
      (indicator = 'labour_productivity' AND price_basis = 'current') OR indicator = 'employment'
    )
    AND NOT value IS NULL
  GROUP BY
    geography_code,
    year
), official_lp AS (
  SELECT
    'yearbook_vs_official_labour_productivity',
    y.geography_code,
    'E02.58',
    'TOTAL',
    y.year,
    y.grdp_mvnd / y.employment,
    o.labour_productivity,
    NULL::DOUBLE,
    r.official_lp + y.grdp_mvnd / y.employment * (r.grdp / y.grdp_mvnd + r.employment / y.employment)
  FROM yearbook_totals AS y
  JOIN official AS o
    ON o.geography_code = y.geography_code AND o.year = y.year
  CROSS JOIN rounding AS r
  WHERE
    y.grdp_mvnd > 0 AND y.employment > 0 AND NOT o.labour_productivity IS NULL
), official_employment AS (
  SELECT
    'yearbook_vs_official_employment',
    y.geography_code,
    'E02.45',
    'TOTAL',
    y.year,
    /* named: two columns both called employment are ambiguous to Spark (the UNION takes
       its names from the first branch, so the names change nothing) */
    y.employment AS observed,
    o.employment AS expected,
    NULL::DOUBLE,
    r.employment + r.official_employment
  FROM yearbook_totals AS y
  JOIN official AS o
    ON o.geography_code = y.geography_code AND o.year = y.year
  CROSS JOIN rounding AS r
  WHERE
    NOT y.employment IS NULL AND NOT o.employment IS NULL
), percentage_checks AS (
  SELECT * FROM sectors
  UNION ALL
  SELECT * FROM sections
  UNION ALL
  SELECT * FROM districts
  UNION ALL
  SELECT * FROM enterprises
), checks AS (
  SELECT
    *,
    tolerance_pct / 100 * ABS(expected) AS tolerance
  FROM percentage_checks
  UNION ALL
  SELECT * FROM official_lp
  UNION ALL
  SELECT * FROM official_employment
)
SELECT
  check_code::TEXT AS check_code,
  geography_code::TEXT AS geography_code,
  table_code::TEXT AS table_code,
  sector_code::TEXT AS sector_code,
  year::INT AS year,
  observed::DOUBLE AS observed, /* the sum of the parts, the survey's count, or the figure the yearbook gives or implies */
  expected::DOUBLE AS expected, /* the published total, the yearbook's count, or the statistics office's PX-Web figure */
  (100 * (observed - expected) / NULLIF(expected, 0))::DOUBLE AS difference_pct,
  (100 * tolerance / NULLIF(ABS(expected), 0))::DOUBLE AS tolerance_pct, /* the tolerance as a percentage of the expected figure */
  tolerance::DOUBLE AS tolerance, /* the largest difference allowed, in the unit of the figures */
  ((observed - expected) / NULLIF(tolerance, 0))::DOUBLE AS difference_in_tolerances, /* the difference divided by the tolerance: within [-1, 1] passes */
  (ABS(observed - expected) <= tolerance)::BOOLEAN AS passed
FROM checks
