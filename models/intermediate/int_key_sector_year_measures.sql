-- The two key sectors of the criteria set, aggregated from the enterprise survey per year:
-- aquaculture (farming VSIC 0321-0322, fish processing 1020, aquatic feed 1080) and textiles &
-- garments (VSIC 13-14). Carries the disclosure test of each aggregate (threshold and (2, 85)
-- dominance on value added), real value added and real fixed assets for the key sectors' TFP.
MODEL (
  name intermediate.int_key_sector_year_measures,
  kind FULL,
  owner dost_data_team,
  grain (key_sector, survey_year),
  audits (
    unique_combination_of_columns(columns := (key_sector, survey_year)),
    not_null(columns := (key_sector, survey_year, enterprise_count, is_suppressed))
  )
);

WITH parameters AS (
  @disclosure_parameters()
), firms AS (
  SELECT
    CASE
      WHEN key_sector IN ('aquaculture_farming', 'aquaculture_processing') THEN 'aquaculture'
      WHEN key_sector = 'textiles_garments' THEN 'textiles'
    END AS key_sector,
    survey_year,
    average_employees,
    value_added_mvnd,
    labour_cost_mvnd,
    revenue_mvnd,
    fixed_assets_mvnd,
    energy_use_gj,
    export_value_thousand_usd,
    applies_productivity_tool,
    applies_management_system
  FROM intermediate.int_enterprise_years_measured
  WHERE
    key_sector IN ('aquaculture_farming', 'aquaculture_processing', 'textiles_garments')
), ranked AS (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY key_sector, survey_year ORDER BY GREATEST(value_added_mvnd, 0) DESC) AS size_rank
  FROM firms
), aggregated AS (
  SELECT
    r.key_sector,
    r.survey_year,
    COUNT(*) AS enterprise_count,
    @exact_sum(r.average_employees) AS employees,
    @exact_sum(r.value_added_mvnd) AS value_added,
    @exact_sum(r.labour_cost_mvnd) AS labour_cost,
    @exact_sum(r.revenue_mvnd) AS revenue,
    @exact_sum(r.fixed_assets_mvnd) AS fixed_assets,
    @exact_sum(r.energy_use_gj) AS energy_use,
    @exact_sum(r.export_value_thousand_usd) AS exports_thousand_usd,
    @exact_avg(r.applies_management_system::INT) AS management_system_share,
    @exact_avg(r.applies_productivity_tool::INT) AS productivity_tool_share,
    @exact_sum(GREATEST(r.value_added_mvnd, 0)) AS positive_value_added,
    @exact_sum(CASE WHEN r.size_rank <= p.dominance_n THEN GREATEST(r.value_added_mvnd, 0) END) AS largest_value_added,
    MAX(p.min_enterprises) AS min_enterprises,
    MAX(p.dominance_k) AS dominance_k
  FROM ranked AS r
  CROSS JOIN parameters AS p
  GROUP BY
    r.key_sector,
    r.survey_year
), deflators AS (
  /* implicit deflators of old An Giang (current / constant 2010 prices) */
  SELECT
    year,
    value_added_current_mvnd / value_added_constant_2010_mvnd AS grdp_deflator,
    investment_current_mvnd / investment_constant_2010_mvnd AS investment_deflator
  FROM intermediate.int_sector_year_inputs
  WHERE
    geography_code = '89' AND sector_code = 'TOTAL'
)
SELECT
  a.key_sector::TEXT AS key_sector, /* aquaculture or textiles */
  a.survey_year::INT AS survey_year,
  a.enterprise_count::INT AS enterprise_count,
  (
    NOT @primary_disclosure_reason(
      a.enterprise_count, a.largest_value_added, a.positive_value_added, a.min_enterprises, a.dominance_k
    ) IS NULL
  )::BOOLEAN AS is_suppressed, /* threshold or (2, 85) dominance: aggregates may not be published */
  a.employees::DOUBLE AS average_employees,
  a.value_added::DOUBLE AS value_added_mvnd,
  a.labour_cost::DOUBLE AS labour_cost_mvnd,
  a.revenue::DOUBLE AS revenue_mvnd,
  a.fixed_assets::DOUBLE AS fixed_assets_mvnd,
  a.energy_use::DOUBLE AS energy_use_gj,
  a.exports_thousand_usd::DOUBLE AS export_value_thousand_usd,
  (a.exports_thousand_usd * x.vnd_per_usd / 1000)::DOUBLE AS export_value_mvnd, /* thousand USD × VND per USD = thousand VND; / 1000 = million VND */
  a.management_system_share::DOUBLE AS management_system_share,
  a.productivity_tool_share::DOUBLE AS productivity_tool_share,
  (a.value_added / d.grdp_deflator)::DOUBLE AS value_added_constant_2010_mvnd, /* deflated with old An Giang's GRDP deflator */
  (a.fixed_assets / d.investment_deflator)::DOUBLE AS fixed_assets_constant_2010_mvnd, /* deflated with the investment deflator */
  @safe_ratio(a.labour_cost, a.value_added)::DOUBLE AS labour_share /* labour cost / value added, from the survey */
FROM aggregated AS a
LEFT JOIN reference.usd_vnd_exchange_rates AS x
  ON a.survey_year = x.year
LEFT JOIN deflators AS d
  ON a.survey_year = d.year
