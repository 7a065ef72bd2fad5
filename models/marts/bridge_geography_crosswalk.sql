-- Old → new administrative units at the 1 July 2025 reform, for carrying old-unit figures onto
-- the merged province's geography. `weight` is 1 where an old unit went wholly into one new unit
-- and NULL where it was split (no published shares).
MODEL (
  name marts.bridge_geography_crosswalk,
  kind FULL,
  owner dost_data_team,
  grain (old_geography_code, new_geography_code),
  audits (
    unique_combination_of_columns(columns := (old_geography_code, new_geography_code)),
    not_null(columns := (old_geography_code, new_geography_code, valid_from, obs_status, conf_status))
  )
);

SELECT
  (CASE WHEN old_code = '91' AND old_level = 'province' THEN '91_pre2025' ELSE old_code END)::TEXT AS old_geography_code, /* geography_code of the old unit in dim_geography */
  old_level::TEXT AS old_level, /* level of the old unit: province, district or commune */
  old_name_vi::TEXT AS old_name_vi, /* official name of the old unit, in Vietnamese (tên đơn vị hành chính) */
  new_code::TEXT AS new_geography_code, /* geography_code of the new unit */
  new_level::TEXT AS new_level, /* level of the new unit: province or commune (abolished districts map to the province 91) */
  new_name_vi::TEXT AS new_name_vi, /* official name of the new unit, in Vietnamese */
  valid_from::DATE AS valid_from, /* 2025-07-01 */
  weight::DOUBLE AS weight, /* 1 = wholly merged; NULL = split between several new units */
  source::TEXT AS source, /* legal basis and source of the correspondence (Resolution 202/2025/QH15; Resolution 1654/NQ-UBTVQH15 via the statistics office's conversion table), with notes on split units */
  'sources/reference/administrative_crosswalk_2025.csv (NSO conversion table)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  'A'::TEXT AS obs_status, /* SDMX: A normal (a code list: no observation flag applies) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public classification) */
  @data_origin()::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM reference.administrative_crosswalk_2025
