-- Provincial S&T tasks (nhiệm vụ KH&CN cấp tỉnh) from DOST's results registry, one row per task.
MODEL (
  name staging.stg_research_registry__tasks,
  kind FULL,
  owner dost_data_team,
  grain task_code,
  audits (
    not_null(columns := (task_code, title_vi, theme_vi, transfer_status)),
    unique_values(columns := (task_code))
  )
);

SELECT
  task_code::TEXT AS task_code,
  title_vi::TEXT AS title_vi, /* task title in Vietnamese (tên nhiệm vụ) */
  theme_vi::TEXT AS theme_vi, /* theme (chủ đề) as the registry names it */
  field_code_2008::TEXT AS field_code_2008, /* S&T field, Decision 12/2008/QĐ-BKHCN classification */
  host_organisation::TEXT AS host_organisation, /* host organisation (tổ chức chủ trì) */
  start_date::DATE AS start_date,
  end_date::DATE AS end_date,
  acceptance_date::DATE AS acceptance_date, /* date the results were accepted (ngày nghiệm thu) */
  EXTRACT(year FROM acceptance_date)::INT AS acceptance_year,
  budget::DOUBLE AS budget, /* million VND */
  outputs_vi::TEXT AS outputs_vi,
  transfer_status::TEXT AS transfer_status, /* transferred, transferring or not_transferred */
  text_withheld::BOOLEAN AS text_withheld /* personal data (a name, phone or tax code) was withheld from the title, outputs or note */
FROM raw.research_tasks
