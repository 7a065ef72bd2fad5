-- Disclosure control: no breakdown hides exactly one sensitive cell (threshold or dominance)
-- in a year with nothing else hidden: with the `all` total published, it could be recomputed by
-- subtraction.
AUDIT (
  name assert_no_lonely_suppressed_cell
);

SELECT
  breakdown,
  survey_year,
  COUNT(*) FILTER (WHERE is_suppressed) AS suppressed_cells,
  COUNT(*) AS cells
FROM @this_model
WHERE
  breakdown <> 'all'
GROUP BY
  breakdown,
  survey_year
HAVING
  COUNT(*) FILTER (WHERE is_suppressed) = 1
  AND COUNT(*) FILTER (WHERE suppression_reason IN ('threshold', 'dominance')) = 1
  AND COUNT(*) > 1
