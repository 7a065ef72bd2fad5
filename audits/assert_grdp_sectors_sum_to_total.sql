-- GRDP reconciles: the three economic sectors plus product taxes less subsidies add up to the
-- published total (Σ sector value added + taxes = GRDP), for every geography, price basis and
-- year of the yearbook's three-sector tables. `tolerance` is in the model's unit (million VND):
-- the office rounds components to 0.01 billion VND before summing them.
AUDIT (
  name assert_grdp_sectors_sum_to_total,
  defaults (tolerance = 10)
);

WITH parts AS (
  SELECT
    geography_code,
    table_code,
    price_basis,
    year,
    SUM(value) FILTER (WHERE sector_code IN ('AGR', 'IND', 'SRV', 'TAX')) AS parts_sum,
    MAX(value) FILTER (WHERE sector_code = 'TOTAL') AS published_total
  FROM @this_model
  WHERE
    indicator = 'grdp' AND table_code IN ('GRDP_HH', 'GRDP_SS')
  GROUP BY
    geography_code,
    table_code,
    price_basis,
    year
)
SELECT
  geography_code,
  table_code,
  price_basis,
  year,
  parts_sum,
  published_total
FROM parts
WHERE
  ABS(parts_sum - published_total) > @tolerance
