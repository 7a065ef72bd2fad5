-- The six S&T fields shared by Decision 12/2008/QĐ-BKHCN, Circular 24/2025/TT-BKHCN and the
-- OECD Frascati Manual's fields of R&D (FORD).
MODEL (
  name reference.st_fields,
  kind SEED (path 'st_fields.csv'),
  owner dost_data_team,
  grain field_code,
  columns (
    field_code TEXT,
    name_vi TEXT,
    name_en TEXT,
    frascati_ford TEXT
  ),
  audits (unique_values(columns := (field_code)))
)
