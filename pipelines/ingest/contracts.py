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


def normalise_label(text: object) -> str:
    """Compare Vietnamese labels the way a person reads them.

    Exports mix precomposed and combining diacritics (NFC vs NFD) and stray spaces; neither
    changes what a label means, so both are folded before matching against the contract.
    """
    folded = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", folded).strip().casefold()
