-- Links from each research result to the units that received it, in the spirit of CERIF
-- (euroCRIS): a time-stamped, role-typed link between a Result and an Organisation Unit.
-- Enterprises are identified by the survey's pseudonym, with their key sector and district in the
-- year they received the result; cooperatives by their code; districts by their code.
MODEL (
  name marts.bridge_research_result_recipients,
  kind FULL,
  owner dost_data_team,
  grain (task_code, organisation_unit_type, organisation_unit_id),
  audits (
    unique_combination_of_columns(columns := (task_code, organisation_unit_type, organisation_unit_id)),
    not_null(columns := (task_code, organisation_unit_type, organisation_unit_id, role, link_start_date, obs_status, conf_status))
  )
);

WITH recipients AS (
  SELECT
    task_code,
    recipient_type,
    recipient_id,
    received_date,
    role
  FROM staging.stg_research_registry__recipients
), enterprises AS (
  SELECT
    enterprise_id,
    survey_year,
    key_sector,
    district_code
  FROM intermediate.int_enterprise_years_measured
)
SELECT
  r.task_code::TEXT AS task_code, /* the result (CERIF cfResult) */
  r.recipient_type::TEXT AS organisation_unit_type, /* enterprise, cooperative or district (CERIF cfOrgUnit type) */
  r.recipient_id::TEXT AS organisation_unit_id, /* enterprise pseudonym, cooperative code or district code */
  r.role::TEXT AS role, /* adopter (tiếp nhận chuyển giao), pilot (ứng dụng thử nghiệm), scale_up (nhân rộng) */
  r.received_date::DATE AS link_start_date, /* CERIF cfStartDate: when the unit received the result */
  NULL::DATE AS link_end_date, /* CERIF cfEndDate: open */
  e.key_sector::TEXT AS enterprise_key_sector, /* enterprises: key sector in the year of receipt */
  COALESCE(e.district_code, CASE WHEN r.recipient_type = 'district' THEN r.recipient_id END)::TEXT AS district_code, /* 3-digit district code of old An Giang: the enterprise's district in the year of receipt, or the recipient district itself; NULL for cooperatives and unlinked enterprises */
  (r.recipient_type <> 'enterprise' OR NOT e.enterprise_id IS NULL)::BOOLEAN AS is_linked, /* an enterprise is linked when it is in the survey in the year of receipt */
  'research registry DON_VI_TIEP_NHAN; enterprise survey'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  'A'::TEXT AS obs_status, /* SDMX: A normal (a code list: no observation flag applies) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public classification) */
  @data_origin('research_registry', 'enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM recipients AS r
LEFT JOIN enterprises AS e
  ON r.recipient_type = 'enterprise'
  AND e.enterprise_id = r.recipient_id
  AND e.survey_year = EXTRACT(year FROM r.received_date)
