"""Computations written so that DuckDB and Spark (the spark gateway) give the same bits.

Each macro replaces a DuckDB function that Spark 3.5 lacks or restricts with the arithmetic
DuckDB itself performs, in SQL both engines run alike (IEEE doubles, no engine-specific
rounding), so a model keeps its DuckDB results exactly and Spark reproduces them.
"""

from sqlglot import exp
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


def _sql(value: exp.Expr) -> str:
    return value.sql(dialect="duckdb")


@macro()
def round_to_decimals(evaluator: MacroEvaluator, value: exp.Expr, decimals: exp.Expr) -> exp.Expr:
    """ROUND(value, decimals) for decimals >= 0 given by a column or a parameter.

    Spark rounds only to a constant number of decimals; DuckDB computes ROUND(x, d) as
    round(x * 10^d) / 10^d, half away from zero, which Spark's ROUND(x) to a whole number does
    too (a tie is a double exactly halfway, whichever way the engine reads it)."""
    from sqlglot import parse_one

    scale = f"POWER(10, {_sql(decimals)})"
    return parse_one(f"(ROUND(({_sql(value)}) * {scale}) / {scale})", dialect="duckdb")


@macro()
def quantile_cont(
    evaluator: MacroEvaluator,
    value: exp.Expr,
    position: exp.Expr,
    count: exp.Expr,
    fraction: exp.Expr,
) -> exp.Expr:
    """QUANTILE_CONT(value, fraction) in an aggregation, from two window columns of its rows.

    ``position`` is the row's place among the group's values, from 0, NULLs last
    (ROW_NUMBER() OVER (... ORDER BY value NULLS LAST) - 1) and ``count`` the number of
    non-NULL values (COUNT(value) OVER (...)). Spark 3.5 has no QUANTILE_CONT, and its
    PERCENTILE interpolates with other arithmetic; this is DuckDB's: at rank r = (n - 1) q,
    lo (1 - f) + hi f between the values at floor(r) and ceil(r), f = r - floor(r), in doubles
    (tests/test_spark_gateway.py and the DuckDB results of the test suite check it)."""
    from sqlglot import parse_one

    v, k, n, q = (_sql(a) for a in (value, position, count, fraction))
    rank = f"(CAST(({n}) - 1 AS DOUBLE) * CAST({q} AS DOUBLE))"
    group_rank = f"(CAST(MAX({n}) - 1 AS DOUBLE) * CAST({q} AS DOUBLE))"
    low = f"MAX(CASE WHEN ({k}) = FLOOR({rank}) THEN {v} END)"
    high = f"MAX(CASE WHEN ({k}) = CEIL({rank}) THEN {v} END)"
    weight = f"({group_rank} - FLOOR({group_rank}))"
    return parse_one(f"({low} * (1 - {weight}) + {high} * {weight})", dialect="duckdb")


@macro()
def coalesce_columns_except(evaluator: MacroEvaluator, *excluded: exp.Expr) -> exp.Expr:
    """COALESCE of every column of the audited model but ``excluded``, in the model's order.

    DuckDB writes this COALESCE(*COLUMNS(* EXCLUDE (...))); Spark has no COLUMNS. The list is
    read from the audited table itself when the audit runs, so a column added to the model
    later is covered without editing the audit, as with COLUMNS."""
    table = evaluator.locals.get("this_model")
    adapter = evaluator.locals.get("engine_adapter")
    if table is None or adapter is None:
        return exp.null()  # while the project loads: the audit is rendered again to run
    columns = adapter.columns(table)
    names = {e.name.lower() for e in excluded}
    kept = [exp.column(c) for c in columns if c.lower() not in names]
    return exp.func("COALESCE", *kept) if kept else exp.null()
