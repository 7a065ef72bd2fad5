-- Every VSIC 2018 code the project knows, with its ancestors, its place in the three-sector
-- grouping of the yearbook, and the key-sector flags of the provincial criteria set
-- (reference.key_sectors).
MODEL (
  name intermediate.int_vsic_hierarchy,
  kind FULL,
  owner dost_data_team,
  grain vsic_code,
  audits (
    unique_values(columns := (vsic_code)),
    not_null(columns := (vsic_code, vsic_level, section_code, three_sector_code))
  )
);

WITH codes AS (
  SELECT
    code,
    level,
    parent_code,
    name_vi,
    name_en
  FROM reference.vsic_2018
), divisions AS (
  SELECT
    code AS division_code,
    parent_code AS section_code
  FROM codes
  WHERE
    level = 2
)
SELECT
  c.code::TEXT AS vsic_code, /* VSIC 2018 code: section letter, or 2 to 5 digits */
  c.level::INT AS vsic_level, /* 1 section, 2 division, 3 group, 4 class, 5 subclass */
  c.parent_code::TEXT AS parent_code,
  c.name_vi::TEXT AS name_vi,
  c.name_en::TEXT AS name_en,
  CASE WHEN c.level = 1 THEN c.code ELSE d.section_code END::TEXT AS section_code, /* VSIC section A-U */
  CASE WHEN c.level >= 2 THEN LEFT(c.code, 2) END::TEXT AS division_code,
  CASE WHEN c.level >= 4 THEN LEFT(c.code, 4) END::TEXT AS class_code,
  CASE
    WHEN COALESCE(d.section_code, c.code) = 'A' THEN 'AGR'
    WHEN COALESCE(d.section_code, c.code) IN ('B', 'C', 'D', 'E', 'F') THEN 'IND'
    ELSE 'SRV'
  END::TEXT AS three_sector_code, /* AGR agriculture-forestry-fisheries (A), IND industry-construction (B-F), SRV services (G-U) */
  CASE
    WHEN NOT k.key_sector_group IS NULL THEN k.key_sector_group
    WHEN c.level >= 4 THEN 'other'
  END::TEXT AS key_sector, /* key-sector group (reference.key_sectors) of the code; 'other' for a class or subclass outside them, NULL for a section, division or group outside them */
  COALESCE(k.key_sector = 'aquaculture', FALSE)::BOOLEAN AS is_key_sector_aquaculture, /* fisheries/aquaculture key sector: the code is, or lies under, one of its codes in reference.key_sectors */
  COALESCE(k.key_sector = 'textiles_garments', FALSE)::BOOLEAN AS is_key_sector_textiles /* textiles and garments key sector: the code is, or lies under, one of its codes in reference.key_sectors */
FROM codes AS c
LEFT JOIN divisions AS d
  ON LEFT(c.code, 2) = d.division_code AND c.level >= 2
LEFT JOIN reference.key_sectors AS k
  ON c.level >= 2 AND STARTS_WITH(c.code, k.vsic_code)
