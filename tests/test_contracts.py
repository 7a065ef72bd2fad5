"""The source contracts are the single description of each source's shape."""

from __future__ import annotations

from pipelines.ingest.contracts import CONTRACTS_DIR, load_contract, render_markdown
from pipelines.ingest.pseudonym import (
    DEVELOPMENT_KEY,
    PseudonymKeyError,
    pseudonym_key,
    pseudonymise,
)


def test_rendered_contract_docs_are_up_to_date() -> None:
    committed = (CONTRACTS_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "run `productivity contracts --out sources/contracts/README.md`"
    )


def test_every_confidential_survey_field_is_dropped_or_pseudonymised() -> None:
    columns = load_contract("enterprise_survey")["columns"]
    assert {n: c.get("confidential") for n, c in columns.items() if c.get("confidential")} == {
        "tax_code": "pseudonymise",
        "enterprise_name": "drop",
        "address": "drop",
        "phone": "drop",
    }


def test_development_key_is_refused_in_production(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PRODUCTIVITY_PSEUDONYM_KEY", raising=False)
    try:
        pseudonym_key("production")
    except PseudonymKeyError as error:
        assert "must be set" in str(error)
    else:
        raise AssertionError("production accepted a missing key")
    monkeypatch.setenv("PRODUCTIVITY_PSEUDONYM_KEY", DEVELOPMENT_KEY)
    try:
        pseudonym_key("production")
    except PseudonymKeyError as error:
        assert "development key is refused" in str(error)
    else:
        raise AssertionError("production accepted the development key")
    monkeypatch.setenv("PRODUCTIVITY_PSEUDONYM_KEY", "x" * 40)
    assert pseudonym_key("production") == b"x" * 40


def test_pseudonym_is_hmac_sha256_of_the_tax_code() -> None:
    # Computed independently with OpenSSL:
    #   printf '%s' 0123456789 | openssl dgst -sha256 \
    #     -hmac angiang-productivity-development-key-not-secret
    #   -> fed955a044ee8b33b8824faca99106aab79179a010759c99dfa5cbd9ea5962ab
    assert pseudonymise("0123456789", DEVELOPMENT_KEY.encode()) == "fed955a044ee8b33b882"
