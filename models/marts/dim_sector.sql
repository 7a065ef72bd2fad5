-- Sectors (ngành kinh tế) every figure refers to: the yearbook's three-sector grouping (with
-- TOTAL and product taxes), the VSIC 2018 hierarchy (Decision 27/2018/QĐ-TTg) known to the
-- (all five levels), and the key-sector groups of the provincial criteria set, with flags for the two key
-- sectors: fisheries/aquaculture and textiles & garments.
MODEL (
  name marts.dim_sector,
  kind FULL,
  owner dost_data_team,
  grain sector_code,
  audits (
    unique_values(columns := (sector_code)),
    not_null(columns := (sector_code, classification, name_vi, obs_status, conf_status))
  )
);

WITH groupings AS (
  SELECT
    *
  FROM (
    VALUES
      ('TOTAL', 'three_sector', 0, NULL, 'Tổng số (GRDP)', 'Total (GRDP)', NULL),
      ('AGR', 'three_sector', 1, 'TOTAL', 'Nông, lâm nghiệp và thủy sản', 'Agriculture, forestry and fisheries', 'AGR'),
      ('IND', 'three_sector', 1, 'TOTAL', 'Công nghiệp và xây dựng', 'Industry and construction', 'IND'),
      ('SRV', 'three_sector', 1, 'TOTAL', 'Dịch vụ', 'Services', 'SRV'),
      ('TAX', 'three_sector', 1, 'TOTAL', 'Thuế sản phẩm trừ trợ cấp sản phẩm', 'Product taxes less subsidies', NULL),
      ('aquaculture_farming', 'key_sector', 1, NULL, 'Nuôi trồng thủy sản', 'Aquaculture farming', 'AGR'),
      ('aquaculture_processing', 'key_sector', 1, NULL, 'Chế biến thủy sản và thức ăn thủy sản', 'Fish processing and aquatic feed', 'IND'),
      ('textiles_garments', 'key_sector', 1, NULL, 'Dệt may', 'Textiles and garments', 'IND'),
      ('other', 'key_sector', 1, NULL, 'Ngành khác', 'Rest of the economy', NULL)
  ) AS t(sector_code, classification, level, parent_code, name_vi, name_en, three_sector_code)
), vsic AS (
  SELECT
    vsic_code,
    vsic_level,
    parent_code,
    name_vi,
    name_en,
    three_sector_code,
    is_key_sector_aquaculture,
    is_key_sector_textiles
  FROM intermediate.int_vsic_hierarchy
)
SELECT
  sector_code::TEXT AS sector_code, /* TOTAL/AGR/IND/SRV/TAX, a VSIC 2018 code, or a key-sector group */
  classification::TEXT AS classification, /* three_sector, vsic_2018 or key_sector */
  level::INT AS level, /* three_sector: 0 total, 1 sector; vsic_2018: 1 section ... 5 subclass */
  parent_code::TEXT AS parent_code, /* sector_code one level up: TOTAL for AGR/IND/SRV/TAX, the next VSIC level up for VSIC codes; NULL for TOTAL, VSIC sections and key-sector groups */
  name_vi::TEXT AS name_vi, /* name in Vietnamese (tên ngành) */
  name_en::TEXT AS name_en, /* name in English: ISIC Rev.4 titles for VSIC sections and divisions; NULL for VSIC groups, classes and subclasses, which have no published English version */
  three_sector_code::TEXT AS three_sector_code, /* the yearbook sector the code belongs to */
  (sector_code IN ('aquaculture_farming', 'aquaculture_processing'))::BOOLEAN AS is_key_sector_aquaculture, /* fisheries/aquaculture key sector: its groups, and the VSIC codes of reference.key_sectors with every code below them */
  (sector_code = 'textiles_garments')::BOOLEAN AS is_key_sector_textiles, /* textiles and garments key sector: its group, and the VSIC codes of reference.key_sectors with every code below them */
  'statistical yearbook sector grouping; key-sector groups of the provincial criteria set'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  'A'::TEXT AS obs_status, /* SDMX: A normal (a code list: no observation flag applies) */
  'F'::TEXT AS conf_status, /* SDMX: F free (public classification) */
  @data_origin()::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM groupings
UNION ALL
SELECT
  vsic_code,
  'vsic_2018',
  vsic_level,
  parent_code,
  name_vi,
  name_en,
  three_sector_code,
  is_key_sector_aquaculture,
  is_key_sector_textiles,
  'sources/reference/vsic_2018.csv (Decision 27/2018/QĐ-TTg)',
  'A',
  'F',
  @data_origin()
FROM vsic
