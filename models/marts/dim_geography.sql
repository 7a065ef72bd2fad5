-- Geographies every figure refers to (địa bàn): the whole country (VN) and its six regions; the
-- 63 provinces before the 1 July 2025 reform (with Hà Tây, merged into Hà Nội in 2008) and the 34
-- from that date; old An Giang (89) and old Kiên Giang (91_pre2025) with their district-level
-- units and communes; the merged An Giang (91, from 1 July 2025) and its 102 communes; and the
-- comparable series 91_comparable. Codes were re-used by the 2025 reform (communes, and provinces
-- such as 01 or 91), so a unit is identified by its code and the date it became valid.
MODEL (
  name marts.dim_geography,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, valid_from),
  audits (
    unique_combination_of_columns(columns := (geography_code, valid_from)),
    not_null(columns := (geography_code, official_code, level, name_vi, valid_from, obs_status, conf_status))
  )
);

WITH old_units AS (
  SELECT
    code,
    level,
    name_vi,
    parent_code,
    valid_from,
    valid_to
  FROM reference.administrative_units
  WHERE
    valid_to <= '2025-06-30'
), new_units AS (
  SELECT
    code,
    level,
    name_vi,
    parent_code,
    valid_from,
    valid_to
  FROM reference.administrative_units_2025
), units AS (
  SELECT
    CASE WHEN o.code = '91' THEN '91_pre2025' ELSE o.code END AS geography_code,
    o.code AS official_code,
    o.level,
    o.name_vi,
    CASE
      WHEN o.level = 'province' THEN p.region_code
      WHEN o.parent_code = '91' THEN '91_pre2025'
      ELSE o.parent_code
    END AS parent_geography_code,
    o.valid_from,
    o.valid_to,
    'Administrative unit before the 1 July 2025 reform (Decision 124/2004/QĐ-TTg codes)' AS description
  FROM old_units AS o
  LEFT JOIN reference.provinces AS p
    ON o.level = 'province' AND o.code = p.code
  UNION ALL
  SELECT
    code,
    code,
    'province',
    name_vi,
    region_code,
    valid_from,
    valid_to,
    'Province before the 1 July 2025 reform (Decision 124/2004/QĐ-TTg codes)'
  FROM reference.provinces
  WHERE
    NOT code IN (SELECT code FROM old_units WHERE level = 'province')
  UNION ALL
  SELECT
    code,
    code,
    'province',
    name_vi,
    NULL,
    valid_from,
    NULL,
    'Province from 1 July 2025 (Resolution 202/2025/QH15), formed from ' || REPLACE(formed_from_codes, ';', ', ')
  FROM reference.provinces_2025
  WHERE
    NOT code IN (SELECT code FROM new_units WHERE level = 'province')
  UNION ALL
  SELECT
    code,
    code,
    CASE WHEN code = 'VN' THEN 'country' ELSE 'region' END,
    name_vi,
    CASE WHEN code = 'VN' THEN NULL ELSE 'VN' END,
    DATE '2004-01-01',
    NULL,
    CASE WHEN code = 'VN' THEN 'The whole country' ELSE 'Socio-economic region of the statistics office' END
  FROM reference.regions
  UNION ALL
  SELECT
    code,
    code,
    level,
    name_vi,
    parent_code,
    valid_from,
    valid_to,
    'Administrative unit of the merged An Giang province from 1 July 2025'
  FROM new_units
  UNION ALL
  SELECT
    '91_comparable',
    '91',
    'comparable_series',
    'An Giang (hợp nhất) - chuỗi so sánh',
    NULL,
    DATE '2010-01-01',
    NULL,
    'Comparable history of the merged province: old An Giang (89) + old Kiên Giang (91) up to 2024, the merged province (91) from 2025'
)
SELECT
  geography_code::TEXT AS geography_code, /* the code used by the facts; 91_pre2025 for old Kiên Giang (official code 91) */
  official_code::TEXT AS official_code, /* the statistics office's code (mã đơn vị hành chính) */
  level::TEXT AS level, /* country, region, province, district, commune, or comparable_series */
  name_vi::TEXT AS name_vi, /* official name in Vietnamese (e.g. Tỉnh An Giang, Thành phố Long Xuyên) */
  parent_geography_code::TEXT AS parent_geography_code, /* geography_code of the unit one level up (province of a district, district of an old commune, 91 for the merged province's communes); the region of a pre-2025 province, VN of a region; NULL for VN, the 2025 provinces and 91_comparable */
  valid_from::DATE AS valid_from, /* date the unit became valid under its code: 2004-01-01 for units coded under Decision 124/2004/QĐ-TTg, 2025-07-01 for the merged province and its communes, 2010-01-01 (start of the series) for 91_comparable */
  valid_to::DATE AS valid_to, /* NULL while the unit exists */
  (valid_to IS NULL)::BOOLEAN AS is_current, /* true while the unit exists (valid_to is NULL) */
  description::TEXT AS description, /* which set the unit belongs to: before the 1 July 2025 reform, the merged province from 1 July 2025, or the comparable series */
  'sources/reference/administrative_units.csv, administrative_units_2025.csv, provinces.csv, provinces_2025.csv, regions.csv'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  'A'::TEXT AS obs_status, /* SDMX: A normal (a code list: no observation flag applies) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public classification) */
  @data_origin()::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM units
