-- Named multi-year periods for which growth is decomposed (the five-year plans).
MODEL (
  name reference.analysis_periods,
  kind SEED (path 'analysis_periods.csv'),
  owner dost_data_team,
  grain period_code,
  columns (
    period_code TEXT,
    first_year INT,
    last_year INT,
    description TEXT
  ),
  audits (unique_values(columns := (period_code)))
)
