"""Load the declarative source contracts kept in ``sources/contracts/``."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTRACTS_DIR = Path(__file__).resolve().parents[2] / "sources" / "contracts"


@cache
def load_contract(source: str) -> dict[str, Any]:
    """The contract of one source (statistics_office, enterprise_survey, research_registry)."""
    path = CONTRACTS_DIR / f"{source}.yaml"
    with path.open(encoding="utf-8") as handle:
        contract: dict[str, Any] = yaml.safe_load(handle)
    return contract


REFERENCE_DIR = CONTRACTS_DIR.parent / "reference"


@cache
def reference_codes(
    file: str, key: str, where: tuple[tuple[str, str], ...], parent: str | None
) -> dict[str, str | None]:
    """{code: parent code} of one reference list, filtered on ``where`` (column, value) pairs."""
    import csv

    with (REFERENCE_DIR / file).open(encoding="utf-8", newline="") as handle:
        return {
            row[key]: (row[parent] if parent else None)
            for row in csv.DictReader(handle)
            if all(row[column] == value for column, value in where)
        }


def normalise_label(text: object) -> str:
    """Compare Vietnamese labels the way a person reads them.

    Exports mix precomposed and combining diacritics (NFC vs NFD) and stray spaces; neither
    changes what a label means, so both are folded before matching against the contract.
    """
    folded = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", folded).strip().casefold()
