-- A suppressed impact group publishes no estimate.
AUDIT (
  name assert_suppressed_impact_reveals_nothing
);

SELECT
  group_code
FROM @this_model
WHERE
  is_suppressed
  AND NOT (
    estimate_log_points IS NULL AND estimate_pct IS NULL AND standard_error IS NULL
    AND ci95_low IS NULL AND ci95_high IS NULL AND ci95_low_pct IS NULL AND ci95_high_pct IS NULL
  )
