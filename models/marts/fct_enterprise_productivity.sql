-- Enterprise productivity from the enterprise survey, by a breakdown (key sector, VSIC section,
-- district, ownership, or all enterprises) and survey year: value added by the income method per
-- average employee (the aggregate ratio, and p10 / median / p90 across enterprises), the gap
-- between the frontier (top decile of labour productivity) and the rest (OECD "The Best versus
-- the Rest"), capital and energy productivity, adoption of productivity tools and management
-- systems, and R&D intensity.
--
-- Disclosure control (the parameters are in reference.productivity_parameters):
--   1. threshold: a cell with fewer than 3 enterprises is suppressed;
--   2. dominance (2, 85%): a cell whose 2 largest enterprises (by value added) hold more than 85%
--      of its value added is suppressed;
--   3. consistency: a cell suppressed in any year is suppressed in every year, so that a series
--      never reveals what another year hides;
--   4. secondary: where a breakdown has exactly one suppressed cell in a year, the smallest
--      other cell is suppressed too, so the hidden one cannot be recovered from the `all` total
--      (and, by rule 3, that cell is then suppressed in every year).
-- A suppressed cell keeps its enterprise count; every measure is NULL; `suppression_reason`
-- says why. Frontier measures need at least 3 enterprises in the top decile.
-- Every other magnitude a cell reveals gets the same dominance, consistency and secondary
-- rules, item by item: labour cost (revealed by the labour-cost share × value added), fixed
-- assets (value added ÷ capital productivity), energy use (value added ÷ energy productivity)
-- and R&D spending (R&D intensity). A cell whose 2 largest R&D spenders hold more than 85 % of
-- its R&D publishes no R&D intensity, and so on; `suppressed_measures` lists each withheld
-- measure and why, while the cell's other measures stay published.
MODEL (
  name marts.fct_enterprise_productivity,
  kind FULL,
  owner dost_data_team,
  grain (breakdown, breakdown_code, survey_year),
  audits (
    unique_combination_of_columns(columns := (breakdown, breakdown_code, survey_year)),
    not_null(columns := (breakdown, breakdown_code, survey_year, enterprise_count, is_suppressed, geography_code, obs_status, conf_status)),
    accepted_range(column := labour_productivity_median_mvnd, min_v := 0, max_v := 100000),
    accepted_range(column := productivity_tool_adoption_rate, min_v := 0, max_v := 1),
    assert_suppressed_cells_reveal_nothing,
    assert_no_lonely_suppressed_cell,
    assert_no_lonely_suppressed_measure
  )
);

WITH parameters AS (
  @disclosure_parameters()
), enterprises AS (
  SELECT
    survey_year,
    key_sector,
    section_code,
    district_code,
    ownership,
    average_employees,
    value_added_mvnd,
    labour_productivity_mvnd,
    labour_cost_mvnd,
    revenue_mvnd,
    fixed_assets_mvnd,
    energy_use_gj,
    rd_spending_mvnd,
    applies_productivity_tool,
    applies_management_system
  FROM intermediate.int_enterprise_years_measured
), finest_ranked AS (
  /* The dominance rule needs, in every cell, the sum of the dominance_n largest of each
     magnitude. Ranking the five breakdowns' five million rows five times over is most of this
     model's time; instead each magnitude is ranked once within the finest cells, which every
     breakdown's cells are unions of (year × key sector × section × district × ownership). The
     n largest of a union are among the n largest of its parts, so only those candidates are
     ranked again per breakdown below. Ties pick any of the tied rows: the sums are the same. */
  SELECT
    *,
    ROW_NUMBER() OVER (
      PARTITION BY survey_year, key_sector, section_code, district_code, ownership
      ORDER BY GREATEST(value_added_mvnd, 0) DESC
    ) AS finest_value_added_rank,
    ROW_NUMBER() OVER (
      PARTITION BY survey_year, key_sector, section_code, district_code, ownership
      ORDER BY GREATEST(labour_cost_mvnd, 0) DESC
    ) AS finest_labour_cost_rank,
    ROW_NUMBER() OVER (
      PARTITION BY survey_year, key_sector, section_code, district_code, ownership
      ORDER BY GREATEST(fixed_assets_mvnd, 0) DESC
    ) AS finest_fixed_assets_rank,
    ROW_NUMBER() OVER (
      PARTITION BY survey_year, key_sector, section_code, district_code, ownership
      ORDER BY GREATEST(energy_use_gj, 0) DESC
    ) AS finest_energy_rank,
    ROW_NUMBER() OVER (
      PARTITION BY survey_year, key_sector, section_code, district_code, ownership
      ORDER BY GREATEST(rd_spending_mvnd, 0) DESC
    ) AS finest_rd_rank
  FROM enterprises
), by_breakdown AS (
  SELECT 'all' AS breakdown, 'ALL' AS breakdown_code, * FROM finest_ranked
  UNION ALL
  SELECT 'key_sector', key_sector, * FROM finest_ranked
  UNION ALL
  SELECT 'section', section_code, * FROM finest_ranked
  UNION ALL
  SELECT 'district', district_code, * FROM finest_ranked WHERE NOT district_code IS NULL /* none from 2025: no district level */
  UNION ALL
  SELECT 'ownership', ownership, * FROM finest_ranked
), candidate_ranks AS (
  SELECT
    b.*,
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year
      ORDER BY GREATEST(value_added_mvnd, 0) DESC
    ) AS size_rank,
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year ORDER BY GREATEST(labour_cost_mvnd, 0) DESC
    ) AS labour_cost_rank,
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year ORDER BY GREATEST(fixed_assets_mvnd, 0) DESC
    ) AS fixed_assets_rank,
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year ORDER BY GREATEST(energy_use_gj, 0) DESC
    ) AS energy_rank,
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year ORDER BY GREATEST(rd_spending_mvnd, 0) DESC
    ) AS rd_rank
  FROM by_breakdown AS b
  CROSS JOIN parameters AS p
  /* the dominance candidates (WHERE filters before the ranks are taken) */
  WHERE
    b.finest_value_added_rank <= p.dominance_n
    OR b.finest_labour_cost_rank <= p.dominance_n
    OR b.finest_fixed_assets_rank <= p.dominance_n
    OR b.finest_energy_rank <= p.dominance_n
    OR b.finest_rd_rank <= p.dominance_n
), largest AS (
  /* the largest contributors of value added and of every other magnitude a cell reveals */
  SELECT
    r.breakdown,
    r.breakdown_code,
    r.survey_year,
    @exact_sum(CASE WHEN r.size_rank <= p.dominance_n THEN GREATEST(r.value_added_mvnd, 0) END) AS largest_value_added,
    @exact_sum(CASE WHEN r.labour_cost_rank <= p.dominance_n THEN GREATEST(r.labour_cost_mvnd, 0) END) AS largest_labour_cost,
    @exact_sum(CASE WHEN r.fixed_assets_rank <= p.dominance_n THEN GREATEST(r.fixed_assets_mvnd, 0) END) AS largest_fixed_assets,
    @exact_sum(CASE WHEN r.energy_rank <= p.dominance_n THEN GREATEST(r.energy_use_gj, 0) END) AS largest_energy_use,
    @exact_sum(CASE WHEN r.rd_rank <= p.dominance_n THEN GREATEST(r.rd_spending_mvnd, 0) END) AS largest_rd_spending
  FROM candidate_ranks AS r
  CROSS JOIN parameters AS p
  GROUP BY
    r.breakdown,
    r.breakdown_code,
    r.survey_year
), ranked AS (
  SELECT
    *,
    NTILE(10) OVER (
      PARTITION BY breakdown, breakdown_code, survey_year
      ORDER BY labour_productivity_mvnd
    ) AS productivity_decile,
    /* each enterprise's place by labour productivity (from 0) and how many have one: the
       percentiles below are interpolated from them (@quantile_cont, macros/portable.py) */
    ROW_NUMBER() OVER (
      PARTITION BY breakdown, breakdown_code, survey_year ORDER BY labour_productivity_mvnd NULLS LAST
    ) - 1 AS lp_position,
    COUNT(labour_productivity_mvnd) OVER (PARTITION BY breakdown, breakdown_code, survey_year) AS lp_count
  FROM by_breakdown
), cell_sums AS (
  SELECT
    r.breakdown,
    r.breakdown_code,
    r.survey_year,
    COUNT(*) AS enterprise_count,
    @exact_sum(r.average_employees) AS average_employees,
    @exact_sum(r.value_added_mvnd) AS value_added,
    @exact_sum(GREATEST(r.value_added_mvnd, 0)) AS positive_value_added,
    @exact_sum(r.labour_cost_mvnd) AS labour_cost,
    @exact_sum(r.revenue_mvnd) AS revenue,
    @exact_sum(r.fixed_assets_mvnd) AS fixed_assets,
    @exact_sum(r.energy_use_gj) AS energy_use,
    @exact_sum(r.rd_spending_mvnd) AS rd_spending,
    @exact_sum(GREATEST(r.labour_cost_mvnd, 0)) AS positive_labour_cost,
    @exact_sum(GREATEST(r.fixed_assets_mvnd, 0)) AS positive_fixed_assets,
    @exact_sum(GREATEST(r.energy_use_gj, 0)) AS positive_energy_use,
    @exact_sum(GREATEST(r.rd_spending_mvnd, 0)) AS positive_rd_spending,
    /* QUANTILE_CONT(lp, 0.1), MEDIAN(lp), QUANTILE_CONT(lp, 0.9), computed as DuckDB does */
    @quantile_cont(r.labour_productivity_mvnd, r.lp_position, r.lp_count, 0.1) AS lp_p10,
    @quantile_cont(r.labour_productivity_mvnd, r.lp_position, r.lp_count, 0.5) AS lp_median,
    @quantile_cont(r.labour_productivity_mvnd, r.lp_position, r.lp_count, 0.9) AS lp_p90,
    @exact_avg(CASE WHEN r.productivity_decile = 10 THEN r.labour_productivity_mvnd END) AS frontier_lp,
    COUNT(*) FILTER (WHERE r.productivity_decile = 10) AS frontier_count,
    @exact_avg(CASE WHEN r.productivity_decile < 10 THEN r.labour_productivity_mvnd END) AS rest_lp,
    @exact_avg(r.applies_productivity_tool::INT) AS tool_rate,
    @exact_avg(r.applies_management_system::INT) AS system_rate,
    MAX(p.min_enterprises) AS min_enterprises,
    MAX(p.dominance_k) AS dominance_k
  FROM ranked AS r
  CROSS JOIN parameters AS p
  GROUP BY
    r.breakdown,
    r.breakdown_code,
    r.survey_year
), cells AS (
  SELECT
    c.*,
    l.largest_value_added,
    l.largest_labour_cost,
    l.largest_fixed_assets,
    l.largest_energy_use,
    l.largest_rd_spending
  FROM cell_sums AS c
  LEFT JOIN largest AS l
    ON c.breakdown = l.breakdown
    AND c.breakdown_code IS NOT DISTINCT FROM l.breakdown_code
    AND c.survey_year = l.survey_year
), primary_rule AS (
  SELECT
    *,
    @primary_disclosure_reason(
      enterprise_count, largest_value_added, positive_value_added, min_enterprises, dominance_k
    ) AS primary_reason
  FROM cells
), consistent AS (
  SELECT
    *,
    BOOL_OR(NOT primary_reason IS NULL) OVER (PARTITION BY breakdown, breakdown_code) AS hidden_any_year
  FROM primary_rule
), secondary AS (
  SELECT
    *,
    breakdown <> 'all'
    AND NOT hidden_any_year
    /* COUNT(*) FILTER (WHERE ...) as a window, written as the count of a CASE: Spark has no
       FILTER on window aggregates */
    AND COUNT(CASE WHEN hidden_any_year THEN 1 END) OVER (PARTITION BY breakdown, survey_year) = 1
    AND ROW_NUMBER() OVER (
      PARTITION BY breakdown, survey_year, hidden_any_year
      ORDER BY ABS(value_added), breakdown_code
    ) = 1 AS secondary_here
  FROM consistent
), final AS (
  SELECT
    *,
    hidden_any_year OR BOOL_OR(secondary_here) OVER (PARTITION BY breakdown, breakdown_code) AS is_suppressed,
    CASE
      WHEN NOT primary_reason IS NULL THEN primary_reason
      WHEN secondary_here THEN 'secondary'
      WHEN hidden_any_year THEN 'consistency'
      WHEN BOOL_OR(secondary_here) OVER (PARTITION BY breakdown, breakdown_code) THEN 'consistency'
    END AS suppression_reason
  FROM secondary
), items AS (
  /* one row per cell and magnitude other than value added, for the same rules item by item */
  SELECT
    breakdown,
    breakdown_code,
    survey_year,
    cell_hidden,
    item,
    magnitude,
    COALESCE(largest > dominance_k * positive, FALSE) AS dominated
  FROM (
    /* a constant list of the items, each item's figures picked by CASE (the same rows as a
       LATERAL VALUES list of the cell's own columns, which Spark cannot evaluate) */
    SELECT
      f.breakdown,
      f.breakdown_code,
      f.survey_year,
      f.is_suppressed AS cell_hidden,
      f.dominance_k,
      l.item,
      CASE l.item
        WHEN 'labour_cost' THEN f.labour_cost
        WHEN 'fixed_assets' THEN f.fixed_assets
        WHEN 'energy_use' THEN f.energy_use
        WHEN 'rd_spending' THEN f.rd_spending
      END AS magnitude,
      CASE l.item
        WHEN 'labour_cost' THEN f.largest_labour_cost
        WHEN 'fixed_assets' THEN f.largest_fixed_assets
        WHEN 'energy_use' THEN f.largest_energy_use
        WHEN 'rd_spending' THEN f.largest_rd_spending
      END AS largest,
      CASE l.item
        WHEN 'labour_cost' THEN f.positive_labour_cost
        WHEN 'fixed_assets' THEN f.positive_fixed_assets
        WHEN 'energy_use' THEN f.positive_energy_use
        WHEN 'rd_spending' THEN f.positive_rd_spending
      END AS positive
    FROM final AS f
    CROSS JOIN (
      VALUES
        ('labour_cost'),
        ('fixed_assets'),
        ('energy_use'),
        ('rd_spending')
    ) AS l(item)
  ) AS i
), item_consistent AS (
  SELECT
    *,
    BOOL_OR(cell_hidden OR dominated) OVER (PARTITION BY breakdown, breakdown_code, item) AS item_hidden_any_year
  FROM items
), item_secondary AS (
  SELECT
    *,
    breakdown <> 'all'
    AND NOT item_hidden_any_year
    /* COUNT(*) FILTER (WHERE ...) as a window, written as the count of a CASE: Spark has no
       FILTER on window aggregates */
    AND COUNT(CASE WHEN item_hidden_any_year THEN 1 END) OVER (PARTITION BY breakdown, survey_year, item) = 1
    AND ROW_NUMBER() OVER (
      PARTITION BY breakdown, survey_year, item, item_hidden_any_year
      ORDER BY ABS(magnitude), breakdown_code
    ) = 1 AS item_secondary_here
  FROM item_consistent
), item_final AS (
  SELECT
    *,
    item_hidden_any_year OR BOOL_OR(item_secondary_here) OVER (PARTITION BY breakdown, breakdown_code, item) AS item_hidden
  FROM item_secondary
), item_flags AS (
  SELECT
    breakdown,
    breakdown_code,
    survey_year,
    BOOL_OR(item_hidden) FILTER (WHERE item = 'labour_cost') AS labour_cost_hidden,
    BOOL_OR(item_hidden) FILTER (WHERE item = 'fixed_assets') AS fixed_assets_hidden,
    BOOL_OR(item_hidden) FILTER (WHERE item = 'energy_use') AS energy_use_hidden,
    BOOL_OR(item_hidden) FILTER (WHERE item = 'rd_spending') AS rd_spending_hidden,
    /* 'item (reason)' of each withheld item, '; '-separated in item order: STRING_AGG(...
       ORDER BY item) written with list functions every engine has. Sorting the texts sorts
       by item: a cell has each item once, and no item's name begins another's. NULLIF: no
       withheld item gives NULL, as STRING_AGG does, not '' */
    NULLIF(
      ARRAY_TO_STRING(
        LIST_SORT(
          ARRAY_AGG(
            item || ' (' || CASE
              WHEN dominated THEN 'dominance'
              WHEN item_secondary_here THEN 'secondary'
              ELSE 'consistency'
            END || ')'
          ) FILTER (WHERE item_hidden AND NOT cell_hidden)
        ),
        '; '
      ),
      ''
    ) AS suppressed_measures
  FROM item_final
  GROUP BY
    breakdown,
    breakdown_code,
    survey_year
), published AS (
  SELECT
    f.*,
    i.labour_cost_hidden,
    i.fixed_assets_hidden,
    i.energy_use_hidden,
    i.rd_spending_hidden,
    i.suppressed_measures
  FROM final AS f
  JOIN item_flags AS i
    ON f.breakdown = i.breakdown AND f.breakdown_code = i.breakdown_code AND f.survey_year = i.survey_year
)
SELECT
  breakdown::TEXT AS breakdown, /* all, key_sector, section (VSIC 2018), district, ownership */
  breakdown_code::TEXT AS breakdown_code, /* ALL; aquaculture_farming / aquaculture_processing / textiles_garments / other; section letter; district code; state / non_state / foreign_invested */
  survey_year::INT AS survey_year, /* reference year of the enterprise survey */
  enterprise_count::INT AS enterprise_count, /* enterprises in the survey, published even for suppressed cells */
  is_suppressed::BOOLEAN AS is_suppressed, /* measures withheld by disclosure control */
  suppression_reason::TEXT AS suppression_reason, /* threshold, dominance, secondary or consistency; NULL when published */
  suppressed_measures::TEXT AS suppressed_measures, /* in a published cell, the magnitudes withheld item by item and why, e.g. 'rd_spending (dominance)': their measures are NULL */
  CASE WHEN NOT is_suppressed THEN average_employees END::DOUBLE AS average_employees, /* sum of (start + end employees) / 2 */
  CASE WHEN NOT is_suppressed THEN value_added END::DOUBLE AS value_added_mvnd, /* income-method value added, million VND */
  CASE WHEN NOT is_suppressed THEN @safe_ratio(value_added, average_employees) END::DOUBLE AS labour_productivity_mvnd, /* aggregate value added per average employee, million VND */
  CASE WHEN NOT is_suppressed THEN lp_p10 END::DOUBLE AS labour_productivity_p10_mvnd, /* 10th percentile across enterprises */
  CASE WHEN NOT is_suppressed THEN lp_median END::DOUBLE AS labour_productivity_median_mvnd, /* median across enterprises of value added per average employee, million VND */
  CASE WHEN NOT is_suppressed THEN lp_p90 END::DOUBLE AS labour_productivity_p90_mvnd, /* 90th percentile across enterprises */
  CASE WHEN NOT is_suppressed AND frontier_count >= min_enterprises THEN frontier_lp END::DOUBLE AS frontier_labour_productivity_mvnd, /* mean LP of the top decile (frontier) */
  CASE WHEN NOT is_suppressed AND frontier_count >= min_enterprises THEN rest_lp END::DOUBLE AS rest_labour_productivity_mvnd, /* mean LP of the other enterprises */
  CASE WHEN NOT is_suppressed AND frontier_count >= min_enterprises THEN frontier_lp / NULLIF(rest_lp, 0) END::DOUBLE AS frontier_gap_ratio, /* frontier LP / rest LP */
  CASE WHEN NOT fixed_assets_hidden THEN @safe_ratio(value_added, fixed_assets) END::DOUBLE AS capital_productivity, /* value added / average fixed assets; NULL when fixed assets are withheld */
  CASE WHEN NOT energy_use_hidden THEN @safe_ratio(value_added, energy_use) END::DOUBLE AS energy_productivity_mvnd_per_gj, /* value added per GJ of energy used, million VND; NULL when energy use is withheld */
  CASE WHEN NOT labour_cost_hidden THEN 100 * @safe_ratio(labour_cost, value_added) END::DOUBLE AS labour_cost_share_pct, /* labour cost / value added, %; NULL when labour cost is withheld */
  CASE WHEN NOT rd_spending_hidden THEN 100 * @safe_ratio(rd_spending, revenue) END::DOUBLE AS rd_intensity_pct, /* R&D spending / net revenue, %; NULL when R&D spending is withheld */
  CASE WHEN NOT is_suppressed THEN tool_rate END::DOUBLE AS productivity_tool_adoption_rate, /* share of enterprises applying at least one productivity tool */
  CASE WHEN NOT is_suppressed THEN system_rate END::DOUBLE AS management_system_adoption_rate, /* share of enterprises holding at least one management system */
  CASE WHEN survey_year >= 2025 THEN '91' ELSE '89' END::TEXT AS geography_code, /* the province the survey covers: old An Giang (89) to 2024, the merged An Giang (91) from 2025 */
  'current'::TEXT AS price_basis, /* money at current prices of the survey year */
  'million VND; million VND per worker; million VND per GJ; ratio; % (see each column)'::TEXT AS unit, /* units of the measures */
  CASE WHEN is_suppressed THEN 'Q' ELSE 'A' END::TEXT AS obs_status, /* SDMX: Q suppressed, A normal */
  CASE
    WHEN suppression_reason = 'threshold' THEN 'A'
    WHEN suppression_reason = 'dominance' THEN 'G'
    WHEN is_suppressed THEN 'D'
    ELSE 'F'
  END::TEXT AS conf_status, /* SDMX: A primary (too few enterprises), G primary (dominance by one or two enterprises), D secondary (or consistency across years), F free */
  'enterprise survey (Điều tra doanh nghiệp)'::TEXT AS data_source, /* the sources and tables the row's numbers come from */
  @data_origin('enterprise_survey')::TEXT AS data_origin /* real or synthetic: the origin of the files the row is built from (the shipped sample is synthetic; reference lists are real) */
FROM published
