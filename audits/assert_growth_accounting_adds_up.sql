-- Growth accounting is an identity: output growth = capital contribution + labour
-- contribution + TFP growth, in every row.
AUDIT (
  name assert_growth_accounting_adds_up,
  defaults (tolerance = 0.000000001)
);

SELECT
  geography_code,
  sector_code,
  year,
  output_growth,
  capital_contribution + labour_contribution + tfp_growth AS parts
FROM @this_model
WHERE
  ABS(output_growth - (capital_contribution + labour_contribution + tfp_growth)) > @tolerance
