-- Old S&T field codes of the registry (Decision 12/2008/QĐ-BKHCN) → the 2025 classification
-- (Circular 24/2025/TT-BKHCN, in force from 15 Dec 2025). The six fields are common to both, so
-- every code maps at field level; finer correspondences (3/5/7 digits) await the official
-- correspondence table and are NULL until then (`mapping_level` says how deep the mapping goes).
MODEL (
  name marts.dim_st_field_crosswalk,
  kind FULL,
  owner dost_data_team,
  grain field_code_2008,
  audits (
    unique_values(columns := (field_code_2008)),
    not_null(columns := (field_code_2008, field_code_2025, field_name_vi, obs_status, conf_status))
  )
);

WITH codes AS (
  SELECT DISTINCT
    field_code_2008
  FROM staging.stg_research_registry__tasks
  WHERE
    NOT field_code_2008 IS NULL
)
SELECT
  c.field_code_2008::TEXT AS field_code_2008, /* code used in the registry (Decision 12/2008) */
  LENGTH(c.field_code_2008)::INT AS code_digits_2008, /* number of digits of field_code_2008: 1 = field, 3 = second level, more = finer levels */
  LEFT(c.field_code_2008, 1)::TEXT AS field_code_2025, /* field (1 digit) in the 2025 classification */
  NULL::TEXT AS subfield_code_2025, /* 3-digit code of the 2025 classification: awaiting the official correspondence */
  'field'::TEXT AS mapping_level, /* how deep the mapping to the 2025 classification goes: field (1 digit) until the official correspondence table is published */
  f.name_vi::TEXT AS field_name_vi, /* name of the S&T field (lĩnh vực khoa học và công nghệ), in Vietnamese */
  f.name_en::TEXT AS field_name_en, /* name of the S&T field, in English */
  f.frascati_ford::TEXT AS frascati_ford, /* field of R&D of the OECD Frascati Manual (FORD), 1-6 */
  'models/seeds/st_fields.csv (Decision 12/2008/QĐ-BKHCN, Circular 24/2025/TT-BKHCN)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  'A'::TEXT AS obs_status, /* SDMX: A normal (a code list: no observation flag applies) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public classification) */
  @data_origin()::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM codes AS c
JOIN reference.st_fields AS f
  ON LEFT(c.field_code_2008, 1) = f.field_code
