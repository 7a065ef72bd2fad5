"""The primary disclosure-control rules, shared by every mart built from enterprise microdata.

Parameters live in reference.productivity_parameters; the rules are written once here so the
enterprise-productivity mart and the key-sector scorecards cannot drift apart.
"""

from sqlglot import exp
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def disclosure_parameters(evaluator: MacroEvaluator) -> exp.Expr:
    """One row: min_enterprises, dominance_n, dominance_k (for a CTE body)."""
    from sqlglot import parse_one

    return parse_one(
        "SELECT"
        " MAX(value) FILTER (WHERE parameter = 'disclosure_min_enterprises') AS min_enterprises,"
        " MAX(value) FILTER (WHERE parameter = 'disclosure_dominance_n') AS dominance_n,"
        " MAX(value) FILTER (WHERE parameter = 'disclosure_dominance_k') AS dominance_k"
        " FROM reference.productivity_parameters",
        dialect="duckdb",
    )


@macro()
def primary_disclosure_reason(
    evaluator: MacroEvaluator,
    enterprise_count: exp.Expr,
    largest_value_added: exp.Expr,
    positive_value_added: exp.Expr,
    min_enterprises: exp.Expr,
    dominance_k: exp.Expr,
) -> exp.Expr:
    """'threshold' (too few enterprises), 'dominance' (the largest hold too much) or NULL."""
    from sqlglot import parse_one

    args = [
        a.sql(dialect="duckdb")
        for a in (
            enterprise_count,
            largest_value_added,
            positive_value_added,
            min_enterprises,
            dominance_k,
        )
    ]
    count, largest, positive, minimum, share = args
    return parse_one(
        f"CASE WHEN {count} < {minimum} THEN 'threshold'"
        f" WHEN {largest} > {share} * {positive} THEN 'dominance' END",
        dialect="duckdb",
    )
