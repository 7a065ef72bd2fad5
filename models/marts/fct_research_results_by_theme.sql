-- Provincial research results by theme and acceptance year: how many tasks, their budget,
-- how many were transferred and to how many recipients. Every registry task is counted once.
MODEL (
  name marts.fct_research_results_by_theme,
  kind FULL,
  owner dost_data_team,
  grain (theme_vi, acceptance_year),
  audits (
    not_null(columns := (theme_vi, task_count, geography_code, obs_status, conf_status)),
    unique_combination_of_columns(columns := (theme_vi, acceptance_year))
  )
);

WITH tasks AS (
  SELECT
    task_code,
    theme_vi,
    acceptance_year,
    budget,
    transfer_status
  FROM staging.stg_research_registry__tasks
), recipients AS (
  SELECT
    task_code,
    COUNT(*) AS recipient_count,
    COUNT(*) FILTER (WHERE recipient_type = 'enterprise') AS enterprise_recipient_count
  FROM staging.stg_research_registry__recipients
  GROUP BY
    task_code
)
SELECT
  t.theme_vi::TEXT AS theme_vi, /* theme (chủ đề) of the task */
  t.acceptance_year::INT AS acceptance_year, /* year the results were accepted (nghiệm thu) */
  COUNT(*)::INT AS task_count, /* tasks of the theme accepted in the year */
  @exact_sum(t.budget)::DOUBLE AS budget_mvnd, /* total budget, million VND */
  COUNT(*) FILTER (WHERE t.transfer_status = 'transferred')::INT AS transferred_count, /* tasks whose results were transferred (đã chuyển giao) */
  COALESCE(SUM(r.recipient_count), 0)::INT AS recipient_count, /* recipient links: enterprises, cooperatives, districts */
  COALESCE(SUM(r.enterprise_recipient_count), 0)::INT AS enterprise_recipient_count, /* recipient links to enterprises */
  'research registry NHIEM_VU, DON_VI_TIEP_NHAN'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  '89'::TEXT AS geography_code, /* old An Giang: the provincial research programme the registry covers */
  'current'::TEXT AS price_basis, /* budget at current prices of the years it was spent */
  'count (tasks, recipients); million VND (budget)'::TEXT AS unit, /* units of the measures */
  'A'::TEXT AS obs_status, /* SDMX: A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free */
  @data_origin('research_registry')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM tasks AS t
LEFT JOIN recipients AS r
  ON t.task_code = r.task_code
GROUP BY
  t.theme_vi,
  t.acceptance_year
