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
