"""`@growth_accounting(relation)` and `@perpetual_inventory(relation)`: queries over a relation.

The SQL lives in pipelines/lib/growth_accounting.py (inside the project, so SQLMesh serialises
it with the macro and a change to the formula changes the models' fingerprints).
"""

from sqlglot import exp
from sqlmesh import macro
from sqlmesh.core.macros import MacroEvaluator

from pipelines.lib.growth_accounting import growth_accounting_sql
from pipelines.lib.perpetual_inventory import perpetual_inventory_sql


@macro()
def growth_accounting(evaluator: MacroEvaluator, source: exp.Expr) -> exp.Expr:
    """@growth_accounting(schema.table): the growth-accounting query over that relation."""
    from sqlglot import parse_one

    return parse_one(growth_accounting_sql(source.sql(dialect="duckdb")), dialect="duckdb")


@macro()
def perpetual_inventory(evaluator: MacroEvaluator, source: exp.Expr) -> exp.Expr:
    """@perpetual_inventory(relation): capital stocks by the perpetual inventory method."""
    from sqlglot import parse_one

    return parse_one(perpetual_inventory_sql(source.sql(dialect="duckdb")), dialect="duckdb")
