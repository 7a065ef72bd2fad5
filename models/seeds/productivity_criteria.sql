-- The criteria set for measuring productivity in the two key sectors (Bộ tiêu chí đo lường năng
-- suất ngành hàng chủ lực: thủy sản, dệt may), asked for by the 2022 workshop: for each indicator
-- its names, definition (and the model that computes it), unit, direction, target, base and
-- target years, and where the target comes from. Reviewed like code: change the CSV by pull request.
MODEL (
  name reference.productivity_criteria,
  kind SEED (path 'productivity_criteria.csv'),
  owner dost_data_team,
  grain indicator_code,
  columns (
    indicator_code TEXT,
    key_sector TEXT,
    name_vi TEXT,
    name_en TEXT,
    definition TEXT,
    source_mart TEXT,
    unit TEXT,
    direction TEXT,
    target_type TEXT,
    target_value DOUBLE,
    base_year INT,
    target_year INT,
    target_source TEXT
  ),
  audits (
    unique_values(columns := (indicator_code)),
    accepted_values(column := direction, is_in := ('higher', 'lower')),
    accepted_values(column := target_type, is_in := ('level', 'annual_growth_pct'))
  )
)
