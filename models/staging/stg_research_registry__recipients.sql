-- Units that received a task's results (đơn vị tiếp nhận): enterprises (pseudonymised),
-- cooperatives and districts. One row per task and recipient.
MODEL (
  name staging.stg_research_registry__recipients,
  kind FULL,
  owner dost_data_team,
  grain (task_code, recipient_type, recipient_id),
  audits (
    not_null(columns := (task_code, recipient_type, recipient_id)),
    unique_combination_of_columns(columns := (task_code, recipient_type, recipient_id))
  )
);

SELECT
  task_code::TEXT AS task_code,
  recipient_type::TEXT AS recipient_type, /* enterprise, cooperative or district */
  recipient_id::TEXT AS recipient_id, /* enterprise pseudonym, cooperative code or district code */
  received_date::DATE AS received_date,
  role::TEXT AS role /* adopter, pilot or scale_up */
FROM raw.research_recipients
