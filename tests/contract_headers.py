"""Column headers of the sample files, as their contracts declare them (never restated here).

SHORT: the survey's short headers (2016-2019 files); FULL: its full headers (2020-); TASKS and
RECIPIENTS: the registry's sheets. Tests that damage a file find its columns through these.
"""

from __future__ import annotations

from pipelines.ingest.contracts import tabular_contract

_SURVEY = tabular_contract("enterprise_survey").tables["enterprise_survey"].columns
SHORT = {name: column.aliases[0] for name, column in _SURVEY.items()}
FULL = {name: column.aliases[1] for name, column in _SURVEY.items()}
_REGISTRY = tabular_contract("research_registry").tables
TASKS = {name: column.aliases[0] for name, column in _REGISTRY["tasks"].columns.items()}
RECIPIENTS = {name: column.aliases[0] for name, column in _REGISTRY["recipients"].columns.items()}
