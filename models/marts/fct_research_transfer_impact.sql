-- What research transfers did for the enterprises that received them: a difference-in-differences
-- estimate of the change in labour productivity (log of value added per worker) of recipient
-- enterprises against similar enterprises that received nothing.
--   Treated: an enterprise recipient, treated in the year it first received a result (T).
--   Windows: "before" = mean of T-2 and T-1, "after" = mean of T+1 and T+2 (either year suffices).
--   Controls: never-recipient enterprises in the same key sector, size band (employees in T-1:
--             <10, 10-49, 50-199, 200+) and district, observed in both windows around the same T.
--   For each treated enterprise i: d_i = (after - before)_i - mean over its controls of (after - before).
--   Estimate = mean of d_i (ATT, log points); se = sd(d_i) / sqrt(n); 95 % confidence interval with
--   Student's t (n - 1 degrees of freedom; 1.96 beyond 30).
-- Groups (all, and each key sector of the treated) with fewer than 3 treated or 3 control
-- enterprises are suppressed: counts shown, estimate withheld.
MODEL (
  name marts.fct_research_transfer_impact,
  kind FULL,
  owner dost_data_team,
  grain group_code,
  audits (
    unique_values(columns := (group_code)),
    not_null(columns := (group_code, treated_enterprises, control_enterprises, is_suppressed, geography_code, obs_status, conf_status)),
    assert_suppressed_impact_reveals_nothing
  )
);

WITH recipients AS (
  SELECT
    recipient_id AS enterprise_id,
    MIN(EXTRACT(year FROM received_date))::INT AS treatment_year
  FROM staging.stg_research_registry__recipients
  WHERE
    recipient_type = 'enterprise'
  GROUP BY
    recipient_id
), panel AS (
  SELECT
    enterprise_id,
    survey_year,
    key_sector,
    district_code,
    average_employees,
    LN(labour_productivity_mvnd) AS log_lp
  FROM intermediate.int_enterprise_years_measured
  WHERE
    labour_productivity_mvnd > 0
), cohorts AS (
  SELECT DISTINCT
    treatment_year
  FROM recipients
), windows AS (
  SELECT
    c.treatment_year,
    p.enterprise_id,
    @exact_avg(CASE WHEN p.survey_year BETWEEN c.treatment_year - 2 AND c.treatment_year - 1 THEN p.log_lp END) AS before_mean,
    @exact_avg(CASE WHEN p.survey_year BETWEEN c.treatment_year + 1 AND c.treatment_year + 2 THEN p.log_lp END) AS after_mean,
    MAX(p.key_sector) FILTER (WHERE p.survey_year = c.treatment_year - 1) AS key_sector,
    MAX(p.district_code) FILTER (WHERE p.survey_year = c.treatment_year - 1) AS district_code,
    MAX(
      CASE
        WHEN p.average_employees < 10 THEN 'micro'
        WHEN p.average_employees < 50 THEN 'small'
        WHEN p.average_employees < 200 THEN 'medium'
        ELSE 'large'
      END
    ) FILTER (WHERE p.survey_year = c.treatment_year - 1) AS size_band
  FROM cohorts AS c
  JOIN panel AS p
    ON p.survey_year BETWEEN c.treatment_year - 2 AND c.treatment_year + 2
  GROUP BY
    c.treatment_year,
    p.enterprise_id
), complete AS (
  SELECT
    treatment_year,
    enterprise_id,
    key_sector,
    district_code,
    size_band,
    after_mean - before_mean AS change
  FROM windows
  WHERE
    NOT before_mean IS NULL AND NOT after_mean IS NULL AND NOT key_sector IS NULL
), treated AS (
  SELECT
    w.treatment_year,
    w.enterprise_id,
    w.key_sector,
    w.district_code,
    w.size_band,
    w.change
  FROM complete AS w
  JOIN recipients AS r
    ON r.enterprise_id = w.enterprise_id AND r.treatment_year = w.treatment_year
), pairs AS (
  SELECT
    t.enterprise_id AS treated_id,
    t.treatment_year,
    t.key_sector,
    t.change AS treated_change,
    c.enterprise_id AS control_id,
    c.change AS control_change
  FROM treated AS t
  JOIN complete AS c
    ON c.treatment_year = t.treatment_year
    AND c.key_sector = t.key_sector
    AND c.district_code = t.district_code
    AND c.size_band = t.size_band
  WHERE
    NOT c.enterprise_id IN (SELECT enterprise_id FROM recipients)
), differences AS (
  SELECT
    treated_id,
    treatment_year,
    key_sector,
    MAX(treated_change) - @exact_avg(control_change) AS difference,
    COUNT(DISTINCT control_id) AS controls_of_treated
  FROM pairs
  GROUP BY
    treated_id,
    treatment_year,
    key_sector
), grouped_differences AS (
  SELECT 'all' AS group_code, treated_id, treatment_year, difference, controls_of_treated FROM differences
  UNION ALL
  SELECT key_sector, treated_id, treatment_year, difference, controls_of_treated FROM differences
), grouped_controls AS (
  SELECT 'all' AS group_code, control_id FROM pairs
  UNION ALL
  SELECT key_sector, control_id FROM pairs
), estimates AS (
  SELECT
    d.group_code,
    COUNT(*) AS treated_enterprises,
    MIN(d.treatment_year) AS first_treatment_year,
    MAX(d.treatment_year) AS last_treatment_year,
    @exact_avg(d.difference) AS estimate,
    @exact_stddev_samp(d.difference) / SQRT(COUNT(*)) AS standard_error,
    COUNT(*) FILTER (WHERE d.controls_of_treated < 3) AS treated_with_few_controls
  FROM grouped_differences AS d
  GROUP BY
    d.group_code
), controls AS (
  SELECT
    group_code,
    COUNT(DISTINCT control_id) AS control_enterprises
  FROM grouped_controls
  GROUP BY
    group_code
), t_critical AS (
  /* two-sided 95 % critical values of Student's t */
  SELECT
    *
  FROM (
    VALUES
      (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365),
      (8, 2.306), (9, 2.262), (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160), (14, 2.145),
      (15, 2.131), (16, 2.120), (17, 2.110), (18, 2.101), (19, 2.093), (20, 2.086), (21, 2.080),
      (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060), (26, 2.056), (27, 2.052), (28, 2.048),
      (29, 2.045), (30, 2.042)
  ) AS t(degrees_of_freedom, critical_value)
), final AS (
  SELECT
    e.*,
    c.control_enterprises,
    e.treated_enterprises < 3 OR c.control_enterprises < 3 AS is_suppressed,
    COALESCE(t.critical_value, 1.96) AS critical_value
  FROM estimates AS e
  JOIN controls AS c
    ON e.group_code = c.group_code
  LEFT JOIN t_critical AS t
    ON t.degrees_of_freedom = e.treated_enterprises - 1
)
SELECT
  group_code::TEXT AS group_code, /* all, or the key sector of the treated enterprises */
  'log_labour_productivity'::TEXT AS outcome, /* ln(value added per average employee) */
  treated_enterprises::INT AS treated_enterprises, /* recipients with a matched control group and data before and after */
  control_enterprises::INT AS control_enterprises, /* distinct never-recipient enterprises used as controls */
  treated_with_few_controls::INT AS treated_with_few_controls, /* treated enterprises compared with fewer than 3 controls: their differences are noisy (read fct_research_impact_event_study) */
  first_treatment_year::INT AS first_treatment_year, /* earliest treatment year T (year of first receipt) among the group's treated enterprises */
  last_treatment_year::INT AS last_treatment_year, /* latest treatment year T among them */
  (first_treatment_year - 2)::INT AS first_year_used, /* survey years used: T-2 .. T+2 around each treatment year */
  (last_treatment_year + 2)::INT AS last_year_used, /* last survey year used: last_treatment_year + 2 */
  'before: T-2..T-1; after: T+1..T+2'::TEXT AS windows, /* the before and after windows around each treatment year T */
  is_suppressed::BOOLEAN AS is_suppressed, /* fewer than 3 treated or 3 control enterprises */
  CASE WHEN NOT is_suppressed THEN estimate END::DOUBLE AS estimate_log_points, /* difference-in-differences (ATT), log points */
  CASE WHEN NOT is_suppressed THEN 100 * (EXP(estimate) - 1) END::DOUBLE AS estimate_pct, /* the same as a % change in labour productivity */
  CASE WHEN NOT is_suppressed THEN standard_error END::DOUBLE AS standard_error, /* standard error of the estimate, sd(d_i) / sqrt(n), log points */
  CASE WHEN NOT is_suppressed THEN estimate - critical_value * standard_error END::DOUBLE AS ci95_low, /* log points */
  CASE WHEN NOT is_suppressed THEN estimate + critical_value * standard_error END::DOUBLE AS ci95_high, /* upper bound of the 95 % confidence interval, log points */
  CASE WHEN NOT is_suppressed THEN 100 * (EXP(estimate - critical_value * standard_error) - 1) END::DOUBLE AS ci95_low_pct, /* lower bound of the 95 % interval as a % change, in the unit of estimate_pct */
  CASE WHEN NOT is_suppressed THEN 100 * (EXP(estimate + critical_value * standard_error) - 1) END::DOUBLE AS ci95_high_pct, /* upper bound as a % change, in the unit of estimate_pct */
  'research registry DON_VI_TIEP_NHAN; enterprise survey'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  '89'::TEXT AS geography_code, /* old An Giang: the enterprises of its survey and registry */
  'current'::TEXT AS price_basis, /* the outcome is the log of value added per worker at current prices; the common price level cancels in the difference-in-differences */
  'log points (estimate, standard error, interval); % (estimate_pct); enterprises (counts)'::TEXT AS unit, /* units of the measures */
  CASE WHEN is_suppressed THEN 'Q' ELSE 'A' END::TEXT AS obs_status, /* SDMX: Q withheld (fewer than 3 treated or control enterprises), A normal */
  CASE WHEN is_suppressed THEN 'A' ELSE 'F' END::TEXT AS conf_status, /* SDMX: A primary confidentiality (small counts), F free */
  @data_origin('research_registry', 'enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM final
