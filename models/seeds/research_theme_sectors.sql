-- Which sector each research theme of the 2016-2020 registry serves (the article's themes).
MODEL (
  name reference.research_theme_sectors,
  kind SEED (path 'research_theme_sectors.csv'),
  owner dost_data_team,
  grain theme_vi,
  columns (
    theme_vi TEXT,
    theme_en TEXT,
    sector_code TEXT,
    key_sector TEXT,
    rationale TEXT
  ),
  audits (unique_values(columns := (theme_vi)))
)
