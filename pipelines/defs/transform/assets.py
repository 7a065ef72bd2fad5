"""The SQLMesh project as Dagster assets: one asset per model, one asset check per audit.

Dependencies come from SQLMesh's own DAG; an external table `raw.x` is the ingest asset
`raw/x`. One multi-asset executes whatever subset is selected through
`pipelines.lib.sqlmesh_project.SQLMeshProject.refresh` (plan for code changes, restatement
for changed sources, run for due intervals).
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from pipelines.defs.ingest.assets import OWNERS
from pipelines.lib.quality_history import CheckRecord, record_checks
from pipelines.lib.resources import SQLMeshResource, WarehouseResource
from pipelines.lib.sqlmesh_project import AuditOutcome, SQLMeshProject
from pipelines.settings import load_settings

GROUP_BY_SCHEMA = {
    "reference": "reference",
    "staging": "staging",
    "intermediate": "intermediate",
    "marts": "marts",
}

# an audit not run again (pipelines.lib.sqlmesh_project.SQLMeshProject._untouched)
STANDING = (
    "not re-run: neither the table nor anything it is built from changed in this refresh; "
    "passed in the last refresh, which audited every model"
)


def _key(name: str) -> dg.AssetKey:
    return dg.AssetKey(name.split("."))


def build_sqlmesh_assets(project: SQLMeshProject) -> dg.AssetsDefinition:
    models = project.models()
    specs = [
        dg.AssetSpec(
            _key(node.name),
            deps=[_key(dep) for dep in node.depends_on],
            description=node.description,
            group_name=GROUP_BY_SCHEMA.get(node.schema, node.schema),
            kinds={"sqlmesh", "duckdb"},
            owners=OWNERS,
            metadata={
                "sqlmesh_model": node.name,
                "sqlmesh_kind": node.kind,
                "grain": ", ".join(node.grain),
                # the columns and their descriptions, from the model (the UI's Columns tab)
                "dagster/column_schema": dg.TableSchema(
                    columns=[
                        dg.TableColumn(name, type or "unknown", description or None)
                        for name, type, description in node.columns
                    ]
                ),
            },
            tags={"layer": node.schema},
        )
        for node in models
    ]
    check_specs = [
        dg.AssetCheckSpec(
            audit,
            asset=_key(node.name),
            # the rule with its bounds, as the model calls it: no row may break it
            description=f"SQLMesh audit on {node.name}: {rule}; blocking (no row may fail)",
            # a failed audit stops what is built on the model (publication included)
            blocking=True,
        )
        for node in models
        for audit, rule in zip(node.audits, node.audit_rules or node.audits, strict=True)
    ]

    @dg.multi_asset(
        name="sqlmesh_models",
        specs=specs,
        check_specs=check_specs,
        can_subset=True,
    )
    def sqlmesh_models(
        context: dg.AssetExecutionContext, sqlmesh: SQLMeshResource, warehouse: WarehouseResource
    ) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:
        """Plan, restate and run the SQLMesh project; report every selected model and audit."""
        selected = {"/".join(k.path).replace("/", ".") for k in context.selected_asset_keys}
        outcome = sqlmesh.project.refresh(
            selected, warehouse=Path(warehouse.path), progress=context.log.info
        )
        unchanged = (
            "not re-run: code and sources unchanged since the refresh of "
            f"{outcome.unchanged_since} UTC that built and audited every model"
            if outcome.unchanged_since
            else None
        )

        def not_rerun(audit: AuditOutcome) -> str | None:
            """Why the audit's result is the last refresh's, or None when it ran now."""
            return unchanged or (STANDING if audit.standing else None)

        with warehouse.connect() as connection:
            record_checks(
                connection.execute,
                [
                    CheckRecord(
                        audit.check_name,
                        "sqlmesh_audit",
                        audit.model.replace(".", "/"),
                        audit.check_name,
                        audit.passed,
                        not_rerun(audit)
                        or f"{audit.failing_rows or 0} failing rows"
                        + (f", e.g. {'; '.join(audit.examples)}" if audit.examples else ""),
                        "0 failing rows",
                        outcome.models[audit.model].rows if audit.model in outcome.models else None,
                    )
                    for audit in outcome.audits
                ],
                datetime.now(UTC),
                context.run_id,
            )
        context.log.info(
            f"SQLMesh: plan applied={outcome.plan_applied}, "
            f"restated sources={outcome.restated_sources or 'none'}"
        )
        check_results = [
            dg.AssetCheckResult(
                asset_key=_key(audit.model),
                check_name=audit.check_name,
                passed=audit.passed,
                severity=dg.AssetCheckSeverity.ERROR,
                description=(
                    None
                    if audit.passed
                    else f"SQLMesh audit {audit.check_name} failed on {audit.model}: "
                    f"{audit.failing_rows} failing rows, e.g. " + "; ".join(audit.examples)
                ),
                metadata={
                    **(
                        {"unchanged": dg.MetadataValue.text(reason)}
                        if (reason := not_rerun(audit))
                        else {}
                    ),
                    "failing_rows": dg.MetadataValue.int(audit.failing_rows or 0),
                    "blocking_in_sqlmesh": dg.MetadataValue.bool(audit.blocking),
                    **(
                        {"query": dg.MetadataValue.md(f"```sql\n{audit.query}\n```")}
                        if audit.query
                        else {}
                    ),
                },
            )
            for audit in outcome.audits
            if dg.AssetCheckKey(_key(audit.model), audit.check_name)
            in context.selected_asset_check_keys
        ]
        if outcome.error:
            # Report what the audits found, then fail: no model of a failed refresh is
            # recorded as materialised.
            yield from check_results
            raise dg.Failure(
                description=f"SQLMesh refresh failed: {outcome.error}",
                metadata={"restated_sources": ", ".join(outcome.restated_sources)},
            )
        for name, model in outcome.models.items():
            yield dg.MaterializeResult(
                asset_key=_key(name),
                metadata={
                    "dagster/row_count": dg.MetadataValue.int(model.rows or 0),
                    "sqlmesh_action": dg.MetadataValue.text(
                        "evaluated"
                        if model.evaluated
                        else unchanged or "up to date (no interval due, inputs unchanged)"
                    ),
                    "intervals_evaluated": dg.MetadataValue.int(len(model.intervals)),
                    "interval_start": dg.MetadataValue.text(
                        model.intervals[0][0] if model.intervals else ""
                    ),
                    "interval_end": dg.MetadataValue.text(
                        model.intervals[-1][1] if model.intervals else ""
                    ),
                    "physical_table": dg.MetadataValue.text(model.physical_table or ""),
                    "snapshot_version": dg.MetadataValue.text(model.version or ""),
                },
            )
        yield from check_results

    return sqlmesh_models


sqlmesh_models = build_sqlmesh_assets(SQLMeshProject(load_settings().project_root))
