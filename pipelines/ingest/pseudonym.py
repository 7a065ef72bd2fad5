"""Keyed pseudonyms for tax codes (mã số thuế), the survey's confidential identifier.

A tax code identifies a legal person and is confidential survey data, but analysts need a
stable key to follow an enterprise across years and to link research recipients to the
survey. HMAC-SHA256 with a secret key gives that key without being reversible by anyone who
does not hold the key (a plain hash of a 10-digit code could be reversed by enumeration).

The key must stay the same for every stored year, or enterprises stop linking across years:
every load records the key's *fingerprint* (an HMAC of a fixed text, which reveals nothing of
the key), and a refresh under another key is refused until every stored year is pseudonymised
again (`productivity refresh --repseudonymise`).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
from collections import Counter

KEY_VARIABLE = "PRODUCTIVITY_PSEUDONYM_KEY"
# Published on purpose: it only protects the synthetic sample. Production must set its own key.
DEVELOPMENT_KEY = "angiang-productivity-development-key-not-secret"

MIN_KEY_LENGTH = 32
# bits of Shannon entropy per character of the key's own character distribution: a random
# hexadecimal key has about 4, base64 about 5, English words about 3.5; 'a' * 32 has 0.
MIN_KEY_ENTROPY_BITS = 3.0
MIN_KEY_DISTINCT_CHARACTERS = 12


class PseudonymKeyError(RuntimeError):
    pass


def key_entropy_bits(key: str) -> float:
    counts = Counter(key)
    if not key:
        return 0.0
    return abs(-sum(n / len(key) * math.log2(n / len(key)) for n in counts.values()))


def pseudonym_key(environment: str | None = None) -> bytes:
    """The key from the environment; in production a weak or published key is refused."""
    environment = environment or os.environ.get("PRODUCTIVITY_ENV", "local")
    key = os.environ.get(KEY_VARIABLE, "")
    if environment == "production":
        if not key or DEVELOPMENT_KEY in key:
            raise PseudonymKeyError(
                f"{KEY_VARIABLE} must be set to a secret key when PRODUCTIVITY_ENV=production; "
                "the published development key is refused"
            )
        if len(key) < MIN_KEY_LENGTH:
            raise PseudonymKeyError(
                f"{KEY_VARIABLE} must be at least {MIN_KEY_LENGTH} characters long "
                f"(it has {len(key)})"
            )
        if (
            key_entropy_bits(key) < MIN_KEY_ENTROPY_BITS
            or len(set(key)) < MIN_KEY_DISTINCT_CHARACTERS
        ):
            raise PseudonymKeyError(
                f"{KEY_VARIABLE} is too predictable ({len(set(key))} distinct characters, "
                f"{key_entropy_bits(key):.1f} bits per character; at least "
                f"{MIN_KEY_DISTINCT_CHARACTERS} and {MIN_KEY_ENTROPY_BITS}): generate one with "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`"
            )
    return (key or DEVELOPMENT_KEY).encode("utf-8")


def key_fingerprint(key: bytes) -> str:
    """Names the key without revealing it: the same key always gives the same fingerprint."""
    return hmac.new(
        key, b"angiang-productivity pseudonym key fingerprint", hashlib.sha256
    ).hexdigest()[:16]


def pseudonymise(value: str, key: bytes) -> str:
    """A 20-hex-digit pseudonym (80 bits: no collisions among millions of enterprises)."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
