-- Disclosure control: a suppressed cell publishes no measure at all. Every column is checked
-- except those a suppressed cell publishes on purpose (its key, its enterprise count and why
-- it is suppressed, and the metadata every row states: geography, price basis, unit, SDMX
-- flags), so a measure added to the mart later is covered without editing this.
AUDIT (
  name assert_suppressed_cells_reveal_nothing
);

SELECT
  breakdown,
  breakdown_code,
  survey_year,
  first_measure_shown
FROM (
  SELECT
    breakdown,
    breakdown_code,
    survey_year,
    is_suppressed,
    /* COALESCE(*COLUMNS(* EXCLUDE (...))), written so that Spark runs it too (macros/portable.py) */
    @coalesce_columns_except(breakdown, breakdown_code, survey_year, enterprise_count, is_suppressed, suppression_reason, suppressed_measures, data_source, data_origin, geography_code, price_basis, unit, obs_status, conf_status) AS first_measure_shown
  FROM @this_model
)
WHERE
  is_suppressed AND NOT first_measure_shown IS NULL
