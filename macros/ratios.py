"""SQLMesh macros shared by the productivity models."""

from sqlglot import exp
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def safe_ratio(evaluator: MacroEvaluator, numerator: exp.Expr, denominator: exp.Expr) -> exp.Expr:
    """numerator / denominator, NULL (not an error or infinity) when the denominator is 0."""
    return exp.Div(
        this=exp.paren(numerator),
        expression=exp.func("NULLIF", denominator, exp.Literal.number(0)),
    )


# Sums of DOUBLEs depend on the order rows are added in, and DuckDB adds in parallel: two builds
# of the same inputs would publish values that differ in the last bits. Summing as DECIMAL is
# exact, hence order-independent. 12 decimals is far below every published precision (the
# shift-share identity is audited to 1e-9 percentage points) and leaves 26 digits for the
# integer part: the money of a million enterprises of ten billion million VND each fits.
_EXACT = "DECIMAL(38, 12)"


def _exact_sum_sql(value: exp.Expr) -> str:
    return f"CAST(SUM(CAST(({value.sql(dialect='duckdb')}) AS {_EXACT})) AS DOUBLE)"


@macro()
def exact_sum(evaluator: MacroEvaluator, value: exp.Expr) -> exp.Expr:
    """SUM(value), the same whatever order the rows are added in (NULLs skipped)."""
    from sqlglot import parse_one

    return parse_one(_exact_sum_sql(value), dialect="duckdb")


@macro()
def exact_avg(evaluator: MacroEvaluator, value: exp.Expr) -> exp.Expr:
    """AVG(value), order-independent like @exact_sum (NULLs skipped; NULL when none)."""
    from sqlglot import parse_one

    return parse_one(
        f"({_exact_sum_sql(value)} / NULLIF(COUNT({value.sql(dialect='duckdb')}), 0))",
        dialect="duckdb",
    )


@macro()
def exact_stddev_samp(evaluator: MacroEvaluator, value: exp.Expr) -> exp.Expr:
    """STDDEV_SAMP(value) from order-independent sums of value and value squared."""
    from sqlglot import parse_one

    v = value.sql(dialect="duckdb")
    n = f"COUNT({v})"
    total = _exact_sum_sql(value)
    squares = _exact_sum_sql(parse_one(f"({v}) * ({v})", dialect="duckdb"))
    return parse_one(
        f"SQRT(GREATEST(({squares} - {total} * {total} / NULLIF({n}, 0)) / NULLIF({n} - 1, 0), 0))",
        dialect="duckdb",
    )
