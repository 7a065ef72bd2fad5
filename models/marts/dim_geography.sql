-- Geographies every figure refers to (địa bàn): old An Giang (89) and its 11 district-level
-- units and communes, old Kiên Giang (91_pre2025), the merged An Giang (91, from 1 July 2025) and
-- its communes, and the comparable series 91_comparable. Commune codes were re-used by the 2025
-- reform, so a unit is identified by its code and the date it became valid.
MODEL (
  name marts.dim_geography,
  kind FULL,
  owner dost_data_team,
  grain (geography_code, valid_from),
  audits (
    unique_combination_of_columns(columns := (geography_code, valid_from)),
    not_null(columns := (geography_code, official_code, level, name_vi, valid_from))
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
    CASE WHEN code = '91' THEN '91_pre2025' ELSE code END AS geography_code,
    code AS official_code,
    level,
    name_vi,
    CASE WHEN parent_code = '91' THEN '91_pre2025' ELSE parent_code END AS parent_geography_code,
    valid_from,
    valid_to,
    'Administrative unit before the 1 July 2025 reform (Decision 124/2004/QĐ-TTg codes)' AS description
  FROM old_units
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
  level::TEXT AS level, /* province, district, commune, or comparable_series */
  name_vi::TEXT AS name_vi, /* official name in Vietnamese (e.g. Tỉnh An Giang, Thành phố Long Xuyên) */
  parent_geography_code::TEXT AS parent_geography_code, /* geography_code of the unit one level up (province of a district, district of an old commune, 91 for the merged province's communes); NULL for provinces and 91_comparable */
  valid_from::DATE AS valid_from, /* date the unit became valid under its code: 2004-01-01 for units coded under Decision 124/2004/QĐ-TTg, 2025-07-01 for the merged province and its communes, 2010-01-01 (start of the series) for 91_comparable */
  valid_to::DATE AS valid_to, /* NULL while the unit exists */
  (valid_to IS NULL)::BOOLEAN AS is_current, /* true while the unit exists (valid_to is NULL) */
  description::TEXT AS description /* which set the unit belongs to: before the 1 July 2025 reform, the merged province from 1 July 2025, or the comparable series */
FROM units
