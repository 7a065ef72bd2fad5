-- Value added reconciles on a labour-productivity mart: for every geography and year, the
-- TOTAL row's GRDP equals AGR + IND + SRV value added plus product taxes less subsidies, at
-- current and at constant prices. `tolerance` in million VND.
AUDIT (
  name assert_total_equals_sectors_plus_taxes,
  defaults (tolerance = 10)
);

WITH sums AS (
  SELECT
    geography_code,
    year,
    MAX(value_added_current_mvnd) FILTER (WHERE sector_code = 'TOTAL') AS total_current,
    SUM(value_added_current_mvnd) FILTER (WHERE sector_code IN ('AGR', 'IND', 'SRV'))
      + MAX(product_taxes_current_mvnd) FILTER (WHERE sector_code = 'TOTAL') AS parts_current,
    MAX(value_added_constant_2010_mvnd) FILTER (WHERE sector_code = 'TOTAL') AS total_constant,
    SUM(value_added_constant_2010_mvnd) FILTER (WHERE sector_code IN ('AGR', 'IND', 'SRV'))
      + MAX(product_taxes_constant_2010_mvnd) FILTER (WHERE sector_code = 'TOTAL') AS parts_constant
  FROM @this_model
  GROUP BY
    geography_code,
    year
)
SELECT
  geography_code,
  year,
  total_current,
  parts_current,
  total_constant,
  parts_constant
FROM sums
WHERE
  ABS(total_current - parts_current) > @tolerance
  OR ABS(total_constant - parts_constant) > @tolerance
