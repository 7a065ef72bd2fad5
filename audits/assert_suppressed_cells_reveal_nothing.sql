-- Disclosure control: a suppressed cell publishes no measure at all.
AUDIT (
  name assert_suppressed_cells_reveal_nothing
);

SELECT
  breakdown,
  breakdown_code,
  survey_year
FROM @this_model
WHERE
  is_suppressed
  AND (
    NOT average_employees IS NULL
    OR NOT value_added_mvnd IS NULL
    OR NOT labour_productivity_mvnd IS NULL
    OR NOT labour_productivity_median_mvnd IS NULL
    OR NOT labour_productivity_p10_mvnd IS NULL
    OR NOT labour_productivity_p90_mvnd IS NULL
    OR NOT frontier_labour_productivity_mvnd IS NULL
    OR NOT capital_productivity IS NULL
    OR NOT rd_intensity_pct IS NULL
    OR NOT productivity_tool_adoption_rate IS NULL
  )
