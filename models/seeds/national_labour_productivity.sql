-- Viet Nam's labour productivity as the General Statistics Office publishes it (current prices),
-- for comparing the province with the country.
MODEL (
  name reference.national_labour_productivity,
  kind SEED (path 'national_labour_productivity.csv'),
  owner dost_data_team,
  grain year,
  columns (
    year INT,
    labour_productivity_current_mvnd DOUBLE,
    real_growth_pct DOUBLE,
    employment_definition TEXT,
    source TEXT
  ),
  audits (unique_values(columns := (year)))
)
