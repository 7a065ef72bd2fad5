-- The shift-share effects add up to total labour-productivity growth in every row.
AUDIT (
  name assert_shift_share_adds_up,
  defaults (tolerance = 0.000000001)
);

SELECT
  geography_code,
  period_code,
  base_year,
  end_year,
  total_growth_pct,
  sum_of_effects_pp
FROM @this_model
WHERE
  ABS(total_growth_pct - sum_of_effects_pp) > @tolerance
