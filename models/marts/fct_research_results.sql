-- The provincial S&T tasks of DOST's results registry, one row per task (kết quả nhiệm vụ KH&CN):
-- field (old and 2025 classification), theme and the sector it serves, years, budget, transfer
-- status and how many units received the results. Every registry task appears exactly once.
MODEL (
  name marts.fct_research_results,
  kind FULL,
  owner dost_data_team,
  grain task_code,
  audits (
    unique_values(columns := (task_code)),
    not_null(columns := (task_code, theme_vi, transfer_status, acceptance_year, geography_code, obs_status, conf_status)),
    accepted_range(column := budget_mvnd, min_v := 0),
    assert_every_registry_task_published
  )
);

WITH tasks AS (
  SELECT
    task_code,
    title_vi,
    theme_vi,
    field_code_2008,
    host_organisation,
    start_date,
    end_date,
    acceptance_date,
    acceptance_year,
    budget,
    outputs_vi,
    transfer_status,
    text_withheld
  FROM staging.stg_research_registry__tasks
), recipients AS (
  SELECT
    task_code,
    COUNT(*) AS recipients,
    COUNT(*) FILTER (WHERE recipient_type = 'enterprise') AS enterprises,
    COUNT(*) FILTER (WHERE recipient_type = 'cooperative') AS cooperatives,
    COUNT(*) FILTER (WHERE recipient_type = 'district') AS districts,
    MIN(received_date) AS first_received_date
  FROM staging.stg_research_registry__recipients
  GROUP BY
    task_code
)
SELECT
  t.task_code::TEXT AS task_code, /* registry code of the task (mã nhiệm vụ), e.g. AG-2018-03 */
  t.title_vi::TEXT AS title_vi, /* tên nhiệm vụ */
  t.theme_vi::TEXT AS theme_vi, /* chủ đề */
  s.theme_en::TEXT AS theme_en, /* theme in English; NULL when the theme is not in reference.research_theme_sectors */
  s.sector_code::TEXT AS sector_code, /* sector the theme serves: AGR, IND, SRV or TOTAL */
  s.key_sector::TEXT AS key_sector, /* aquaculture for aquaculture results; NULL otherwise */
  t.field_code_2008::TEXT AS field_code_2008, /* S&T field, Decision 12/2008/QĐ-BKHCN */
  x.field_code_2025::TEXT AS field_code_2025, /* S&T field, Circular 24/2025/TT-BKHCN (field level) */
  x.field_name_vi::TEXT AS field_name_vi, /* name of the S&T field in Vietnamese (field level) */
  t.host_organisation::TEXT AS host_organisation, /* tổ chức chủ trì */
  t.start_date::DATE AS start_date, /* start date of the task (ngày bắt đầu) */
  t.end_date::DATE AS end_date, /* end date of the task (ngày kết thúc) */
  t.acceptance_date::DATE AS acceptance_date, /* ngày nghiệm thu */
  t.acceptance_year::INT AS acceptance_year, /* year of acceptance_date */
  /* DATE_DIFF('month', start, end), month boundaries crossed, spelled out: Spark's month
     difference counts whole months instead */
  (
    (EXTRACT(YEAR FROM t.end_date) - EXTRACT(YEAR FROM t.start_date)) * 12
    + EXTRACT(MONTH FROM t.end_date) - EXTRACT(MONTH FROM t.start_date)
  )::INT AS duration_months, /* months from start_date to end_date (month boundaries crossed) */
  t.budget::DOUBLE AS budget_mvnd, /* kinh phí, million VND */
  t.outputs_vi::TEXT AS outputs_vi, /* sản phẩm: varieties, processes, standards, models, publications */
  t.transfer_status::TEXT AS transfer_status, /* transferred, transferring, not_transferred */
  t.text_withheld::BOOLEAN AS text_withheld, /* a name, phone or tax code was withheld ('[đã ẩn]') from the title or outputs */
  COALESCE(r.recipients, 0)::INT AS recipient_count, /* units that received the results: enterprises, cooperatives and districts (0 when none) */
  COALESCE(r.enterprises, 0)::INT AS enterprise_recipient_count, /* enterprises among the recipients */
  COALESCE(r.cooperatives, 0)::INT AS cooperative_recipient_count, /* cooperatives (hợp tác xã) among the recipients */
  COALESCE(r.districts, 0)::INT AS district_recipient_count, /* districts among the recipients */
  r.first_received_date::DATE AS first_received_date, /* earliest date a unit received the results; NULL when none has */
  'research registry NHIEM_VU, DON_VI_TIEP_NHAN'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  '89'::TEXT AS geography_code, /* old An Giang: the provincial research programme the registry covers */
  'current'::TEXT AS price_basis, /* budget at current prices of the years it was spent */
  'million VND (budget); months (duration); count (recipients)'::TEXT AS unit, /* units of the measures */
  'A'::TEXT AS obs_status, /* SDMX: A normal */
  'F'::TEXT AS conf_status, /* SDMX: F free (task results are public; personal data never reach this mart) */
  @data_origin('research_registry')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM tasks AS t
LEFT JOIN recipients AS r
  ON t.task_code = r.task_code
LEFT JOIN reference.research_theme_sectors AS s
  ON t.theme_vi = s.theme_vi
LEFT JOIN marts.dim_st_field_crosswalk AS x
  ON t.field_code_2008 = x.field_code_2008
