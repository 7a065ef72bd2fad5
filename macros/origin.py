"""Where a mart's numbers came from: `real` or `synthetic`, from the sources it is built on.

Every loaded file's origin is in `raw.load_log.data_origin` (the source folder's DATA_ORIGIN
file says `synthetic` for the shipped sample; a folder without it holds real deliveries).
A mart built on several sources is `real` only when every file of every one of them is real:
a number computed from a synthetic input is synthetic.
"""

from sqlglot import exp
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator


@macro()
def data_origin(evaluator: MacroEvaluator, *sources: exp.Expr) -> exp.Expr:
    """'real' or 'synthetic' for marts built on ``sources`` (NULL before any file is loaded)."""
    from sqlglot import parse_one

    if not sources:  # built on the reference lists alone: public classifications, real
        return parse_one("'real'", dialect="duckdb")
    names = ", ".join(s.sql(dialect="duckdb") for s in sources)
    return parse_one(
        "(SELECT CASE WHEN COUNT(*) = 0 THEN NULL"
        " WHEN BOOL_AND(COALESCE(data_origin, 'real') = 'real') THEN 'real'"
        " ELSE 'synthetic' END"
        f" FROM raw.load_log WHERE status = 'loaded' AND source IN ({names}))",
        dialect="duckdb",
    )
