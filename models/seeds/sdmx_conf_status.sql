-- SDMX code list CL_CONF_STATUS (SDMX global registry, SDMX-CL maintained by the SDMX
-- Statistical Working Group), restricted to the codes this product sets, with what each is used
-- for. The marts' conf_status columns take their values from here (each mart audits them not null).
MODEL (
  name reference.sdmx_conf_status,
  kind SEED (path '../../sources/reference/sdmx_conf_status.csv'),
  owner dost_data_team,
  grain code,
  columns (
    code TEXT,
    name_en TEXT,
    name_vi TEXT,
    used_for TEXT
  ),
  audits (unique_values(columns := (code)))
)
