-- A column within the plausible range that reference.plausible_ranges gives its measure (the
-- same bounds the GX suites and the ingest validator read): the rows outside it fail the audit.
AUDIT (
  name assert_within_plausible_range
);

SELECT
  @column AS value,
  r.min_value,
  r.max_value
FROM @this_model
CROSS JOIN reference.plausible_ranges AS r
WHERE
  r.measure = @measure AND (@column < r.min_value OR @column > r.max_value)
