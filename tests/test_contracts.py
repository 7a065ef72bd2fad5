"""The source contracts are the single description of each source's shape; the key rules."""

from __future__ import annotations

import pytest

from pipelines.ingest.contracts import CONTRACTS_DIR, render_markdown, tabular_contract
from pipelines.ingest.numbers import NumberFormat, parse_text_number
from pipelines.ingest.pseudonym import (
    DEVELOPMENT_KEY,
    PseudonymKeyError,
    key_fingerprint,
    pseudonym_key,
    pseudonymise,
)


def test_rendered_contract_docs_are_up_to_date() -> None:
    committed = (CONTRACTS_DIR / "README.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "run `productivity contracts --out sources/contracts/README.md`"
    )


def test_every_confidential_survey_field_is_dropped_or_pseudonymised() -> None:
    columns = tabular_contract("enterprise_survey").tables["enterprise_survey"].columns
    assert {n: c.confidential for n, c in columns.items() if c.confidential} == {
        "tax_code": "pseudonymise",
        "enterprise_name": "drop",
        "address": "drop",
        "phone": "drop",
    }
    assert {n for n, c in columns.items() if c.identifier} == {
        "tax_code",
        "enterprise_name",
        "address",
        "phone",
    }


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "must be set to a secret key"),
        (DEVELOPMENT_KEY, "the published development key is refused"),
        (DEVELOPMENT_KEY + "-2026", "the published development key is refused"),
        ("Xy7#kQ2p", "must be at least 32 characters long (it has 8)"),
        ("a" * 32, "is too predictable (1 distinct characters, 0.0 bits per character"),
        ("ab" * 20, "is too predictable (2 distinct characters, 1.0 bits per character"),
    ],
)
def test_production_refuses_missing_published_short_and_weak_keys(
    monkeypatch: pytest.MonkeyPatch, key: str | None, message: str
) -> None:
    if key is None:
        monkeypatch.delenv("PRODUCTIVITY_PSEUDONYM_KEY", raising=False)
    else:
        monkeypatch.setenv("PRODUCTIVITY_PSEUDONYM_KEY", key)
    with pytest.raises(PseudonymKeyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pseudonym_key("production")


def test_production_accepts_a_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "9f2c4e81b7d05a3e6c1f8b2d4a7e0c93"  # 32 hexadecimal digits: 4 bits per character
    monkeypatch.setenv("PRODUCTIVITY_PSEUDONYM_KEY", key)
    assert pseudonym_key("production") == key.encode()
    monkeypatch.setenv("PRODUCTIVITY_PSEUDONYM_KEY", "a" * 32)
    assert pseudonym_key("local") == b"a" * 32  # outside production any key is accepted


def test_pseudonym_is_hmac_sha256_of_the_tax_code() -> None:
    # Computed independently with OpenSSL:
    #   printf '%s' 0123456789 | openssl dgst -sha256 \
    #     -hmac angiang-productivity-development-key-not-secret
    #   -> fed955a044ee8b33b8824faca99106aab79179a010759c99dfa5cbd9ea5962ab
    assert pseudonymise("0123456789", DEVELOPMENT_KEY.encode()) == "fed955a044ee8b33b882"


def test_key_fingerprint_is_an_hmac_of_a_fixed_text() -> None:
    # printf '%s' 'angiang-productivity pseudonym key fingerprint' | openssl dgst -sha256 \
    #   -hmac angiang-productivity-development-key-not-secret -> d4d304d68a3b80c7cee0…
    assert key_fingerprint(DEVELOPMENT_KEY.encode()) == "d4d304d68a3b80c7"


@pytest.mark.parametrize(
    ("text", "decimal", "thousands", "max_decimals", "expected"),
    [
        ("2158,3", ",", None, None, 2158.3),
        ("2.158,3", ",", ".", None, 2158.3),
        ("1.234.567", ",", ".", None, 1234567.0),
        ("-0,25", ",", None, None, -0.25),
        ("1064.06", ".", None, 2, 1064.06),
        ("73.360", ".", None, 3, 73.36),  # a fixed three-decimal table settles the ambiguity
        ("8,919", ".", None, None, None),
        ("8,919", ",", None, None, None),  # ambiguous whatever the declared marks
        ("620.262", ",", ".", None, None),
        ("1.5", ",", None, None, None),
        ("1064.061", ".", None, 2, None),  # more decimals than the table prints
        ("NaN", ".", None, None, None),
        ("Infinity", ".", None, None, None),
        ("1e5", ".", None, None, None),
        ("12,3,4", ",", None, None, None),
    ],
)
def test_numbers_are_read_exactly_as_declared(
    text: str, decimal: str, thousands: str | None, max_decimals: int | None, expected: float | None
) -> None:
    value, problem = parse_text_number(text, NumberFormat(decimal, thousands, max_decimals))
    assert value == expected
    assert (problem is None) == (expected is not None)
