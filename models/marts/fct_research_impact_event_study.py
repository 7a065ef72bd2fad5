"""What research transfers did, by staggered-adoption difference-in-differences.

Enterprises receive research results in different years, so the two-by-two comparison of
fct_research_transfer_impact mixes cohorts. This mart estimates the Callaway & Sant'Anna (2021)
group-time effects ATT(g, t) with the maintained `diff-diff` package and aggregates them:

* outcome: ln(value added per average employee) of the enterprise survey (log points);
* treated: an enterprise recipient, in cohort g = the year it first received a result;
  controls: enterprises that never received one (never-treated; above
  `did_max_control_enterprises` of them, a simple random sample that size), conditioning
  (doubly robust) on productivity before treatment: the enterprise's log labour
  productivity in its first survey year, and on its key sector; a cohort with no survey
  year before g cannot be estimated and is counted, not used;
* standard errors from the influence function, clustered by enterprise (the level at which
  transfers are assigned); 95 % intervals with the package's t critical values;
* `estimate_type` = `overall` (the simple weighted ATT over every post-treatment cell),
  `event_study` (by years since treatment e: the leads e < 0 show whether treated and controls
  moved together before, the base e = -1 is the reference), `cohort` (per cohort g), and
  `pretrend_test` (a joint Wald test that every lead e <= -2 is zero: `chi2`, `df`, `p_value`);
* effect and interval are given in log points and, in the same unit everywhere else, as a %
  change (100 × (exp(x) − 1)) of estimate and both bounds;
* every row carries the numbers of treated and control enterprises behind it; a row with fewer
  than `disclosure_min_enterprises` treated or control enterprises is withheld (counts kept).
"""

from __future__ import annotations

import typing as t

import pandas as pd
from sqlglot import exp, parse_one
from sqlmesh import ExecutionContext, model

_COLUMNS = {
    "group_code": "TEXT",
    "estimate_type": "TEXT",
    "event_time": "INT",
    "cohort": "INT",
    "treated_enterprises": "INT",
    "control_enterprises": "INT",
    "estimate_log_points": "DOUBLE",
    "standard_error": "DOUBLE",
    "ci95_low": "DOUBLE",
    "ci95_high": "DOUBLE",
    "estimate_pct": "DOUBLE",
    "ci95_low_pct": "DOUBLE",
    "ci95_high_pct": "DOUBLE",
    "is_reference": "BOOLEAN",
    "chi2": "DOUBLE",
    "df": "INT",
    "p_value": "DOUBLE",
    "is_suppressed": "BOOLEAN",
    "estimator": "TEXT",
    "cohorts_not_estimable": "INT",
    "geography_code": "TEXT",
    "price_basis": "TEXT",
    "unit": "TEXT",
    "obs_status": "TEXT",
    "conf_status": "TEXT",
    "data_source": "TEXT",
    "data_origin": "TEXT",
}

_DESCRIPTIONS = {
    "group_code": "all: every treated enterprise (the sample is too small for key-sector groups)",
    "estimate_type": "overall, event_study, cohort or pretrend_test",
    "event_time": (
        "event_study rows: years since the first receipt (e = t - g); -1 is the reference"
    ),
    "cohort": "cohort rows: the year g the cohort first received a result",
    "treated_enterprises": (
        "treated enterprises behind the row (for event_study: those observed at e)"
    ),
    "control_enterprises": (
        "never-treated enterprises used as controls: all of them, or a random sample of "
        "did_max_control_enterprises when there are more (the estimator gives how many)"
    ),
    "estimate_log_points": "ATT in log points of labour productivity; NULL when withheld",
    "standard_error": "standard error (influence function, clustered by enterprise), log points",
    "ci95_low": "lower bound of the 95 % confidence interval, log points",
    "ci95_high": "upper bound of the 95 % confidence interval, log points",
    "estimate_pct": "the ATT as a % change in labour productivity: 100 (exp(estimate) - 1)",
    "ci95_low_pct": "lower bound as a % change, in the unit of estimate_pct",
    "ci95_high_pct": "upper bound as a % change, in the unit of estimate_pct",
    "is_reference": "event_study: the base period (e = -1), zero by construction",
    "chi2": "pretrend_test: Wald statistic of the joint test that every lead e <= -2 is zero",
    "df": "pretrend_test: degrees of freedom (number of leads tested)",
    "p_value": "pretrend_test: p-value of the joint test (chi-square); other rows: of the estimate",
    "is_suppressed": (
        "fewer treated or control enterprises than the disclosure threshold: estimate withheld"
    ),
    "estimator": "the estimator and package: Callaway-Sant'Anna (2021), diff-diff version, options",
    "cohorts_not_estimable": (
        "treated enterprises left out: treated in or before the first survey year "
        "(no year before treatment)"
    ),
    "geography_code": "89 old An Giang: the enterprises of its survey and registry",
    "price_basis": (
        "current: log value added per worker at current prices "
        "(a common price level cancels in the differences)"
    ),
    "unit": "log points and % (see each column); enterprises (counts)",
    "obs_status": "SDMX: Q withheld, E estimate, A the reference period or a test",
    "conf_status": "SDMX: A primary confidentiality (small counts), F free",
    "data_source": "the sources and tables the row's numbers come from",
    "data_origin": "real or synthetic: the origin of the files the row is built from",
}


@model(
    "marts.fct_research_impact_event_study",
    kind="FULL",
    owner="dost_data_team",
    description=__doc__.split("\n\n")[0] if __doc__ else None,
    grain=["group_code", "estimate_type", "event_time", "cohort"],
    columns=_COLUMNS,
    column_descriptions=_DESCRIPTIONS,
    depends_on=[
        "intermediate.int_enterprise_years_measured",
        "staging.stg_research_registry__recipients",
        "reference.productivity_parameters",
        "raw.load_log",
    ],
    # audit arguments as expressions: a bare string would be compared as a literal
    audits=[
        (
            "not_null",
            {
                "columns": [
                    exp.column(c)
                    for c in (
                        "group_code",
                        "estimate_type",
                        "treated_enterprises",
                        "control_enterprises",
                        "is_suppressed",
                        "obs_status",
                        "conf_status",
                    )
                ]
            },
        ),
        (
            "unique_combination_of_columns",
            {"columns": [exp.column(c) for c in ("estimate_type", "event_time", "cohort")]},
        ),
        (
            "accepted_values",
            {
                "column": exp.column("estimate_type"),
                "is_in": ["overall", "event_study", "cohort", "pretrend_test"],
            },
        ),
    ],
)
def execute(
    context: ExecutionContext, start: t.Any, end: t.Any, execution_time: t.Any, **kwargs: t.Any
) -> pd.DataFrame:
    from pipelines.lib.research_impact import estimate_research_impact

    def table(name: str) -> str:
        return context.resolve_table(name)

    def fetch(sql: str) -> pd.DataFrame:
        # The queries are DuckDB SQL, like the SQL models: parsed, they reach the engine in its
        # own dialect (the spark gateway's Spark SQL), not as text only DuckDB reads.
        return context.fetchdf(parse_one(sql, dialect="duckdb"))

    def parameter(name: str) -> float:
        (value,) = fetch(
            f"SELECT MAX(value) AS v FROM {table('reference.productivity_parameters')} "
            f"WHERE parameter = '{name}'"
        )["v"]
        if value is None or pd.isna(value):
            raise ValueError(f"reference.productivity_parameters has no {name}")
        return float(value)

    minimum = int(parameter("disclosure_min_enterprises"))
    most_controls = int(parameter("did_max_control_enterprises"))
    # Every recipient, and the never-treated enterprises drawn as controls: all of them up to
    # did_max_control_enterprises, above it the ones with the smallest pseudonyms. A pseudonym is
    # a keyed HMAC, so that order is a simple random sample, the same in every build; a national
    # survey's two million controls would otherwise hold gigabytes for a negligible gain in
    # precision (the controls' share of the variance is about treated / controls).
    panel = fetch(
        "WITH measured AS ("
        "SELECT enterprise_id, survey_year, key_sector, LN(labour_productivity_mvnd) AS log_lp "
        f"FROM {table('intermediate.int_enterprise_years_measured')} "
        "WHERE labour_productivity_mvnd > 0), "
        "recipients AS (SELECT DISTINCT recipient_id "
        f"FROM {table('staging.stg_research_registry__recipients')} "
        "WHERE recipient_type = 'enterprise' AND recipient_id IS NOT NULL), "
        "never_treated AS ("
        "SELECT enterprise_id, ROW_NUMBER() OVER (ORDER BY enterprise_id) AS draw, "
        "COUNT(*) OVER () AS available FROM (SELECT DISTINCT m.enterprise_id FROM measured AS m "
        "LEFT JOIN recipients AS r ON m.enterprise_id = r.recipient_id "
        "WHERE r.recipient_id IS NULL) AS candidates) "
        "SELECT m.enterprise_id, m.survey_year, m.key_sector, m.log_lp, "
        "n.available AS controls_available "
        "FROM measured AS m LEFT JOIN never_treated AS n ON m.enterprise_id = n.enterprise_id "
        f"WHERE n.draw IS NULL OR n.draw <= {most_controls} "
        # a fixed row order: the estimator's sums then add up the same way in every build
        "ORDER BY m.enterprise_id, m.survey_year"
    )
    available = panel.pop("controls_available").max()
    recipients = fetch(
        "SELECT recipient_id AS enterprise_id, "
        "MIN(EXTRACT(year FROM received_date))::INT AS first_treated "
        f"FROM {table('staging.stg_research_registry__recipients')} "
        "WHERE recipient_type = 'enterprise' GROUP BY recipient_id ORDER BY recipient_id"
    )
    origin = fetch(
        "SELECT CASE WHEN COUNT(*) = 0 THEN NULL "
        "WHEN BOOL_AND(COALESCE(data_origin, 'real') = 'real') THEN 'real' ELSE 'synthetic' END "
        f"AS o FROM {table('raw.load_log')} WHERE status = 'loaded' "
        "AND source IN ('research_registry', 'enterprise_survey')"
    )["o"][0]
    result = estimate_research_impact(
        panel,
        recipients,
        minimum,
        controls_available=0 if pd.isna(available) else int(available),
    )
    result["data_source"] = "research registry DON_VI_TIEP_NHAN; enterprise survey"
    result["data_origin"] = origin
    return result[list(_COLUMNS)]
