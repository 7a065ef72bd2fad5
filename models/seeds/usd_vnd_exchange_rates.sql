-- Annual average VND per USD, to express export values (surveyed in USD) as a share of revenue
-- (in VND). Approximate values: see the source column.
MODEL (
  name reference.usd_vnd_exchange_rates,
  kind SEED (path 'usd_vnd_exchange_rates.csv'),
  owner dost_data_team,
  grain year,
  columns (
    year INT,
    vnd_per_usd DOUBLE,
    source TEXT
  ),
  audits (unique_values(columns := (year)))
)
