"""Project lint rules for SQLMesh models (loaded by SQLMesh from this folder)."""

from __future__ import annotations

from sqlmesh.core.linter.rule import Rule, RuleViolation
from sqlmesh.core.model import Model


class OwnerRequired(Rule):
    """Every model names its owner, so a steward knows whom to ask about a table."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if model.kind.is_external or model.owner:
            return None
        return self.violation(f"model {model.name} has no owner")


class GrainRequired(Rule):
    """Every model states its grain: what one row is."""

    def check_model(self, model: Model) -> RuleViolation | None:
        if model.kind.is_external or model.grains:
            return None
        return self.violation(f"model {model.name} has no grain")
