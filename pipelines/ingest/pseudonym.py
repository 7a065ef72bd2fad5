"""Keyed pseudonyms for tax codes (mã số thuế), the survey's confidential identifier.

A tax code identifies a legal person and is confidential survey data, but analysts need a
stable key to follow an enterprise across years and to link research recipients to the
survey. HMAC-SHA256 with a secret key gives that key without being reversible by anyone who
does not hold the key (a plain hash of a 10-digit code could be reversed by enumeration).
"""

from __future__ import annotations

import hashlib
import hmac
import os

KEY_VARIABLE = "PRODUCTIVITY_PSEUDONYM_KEY"
# Published on purpose: it only protects the synthetic sample. Production must set its own key.
DEVELOPMENT_KEY = "angiang-productivity-development-key-not-secret"


class PseudonymKeyError(RuntimeError):
    pass


def pseudonym_key(environment: str | None = None) -> bytes:
    """The key from the environment; the development key is refused in production."""
    environment = environment or os.environ.get("PRODUCTIVITY_ENV", "local")
    key = os.environ.get(KEY_VARIABLE, "")
    if environment == "production":
        if not key or key == DEVELOPMENT_KEY:
            raise PseudonymKeyError(
                f"{KEY_VARIABLE} must be set to a secret key when PRODUCTIVITY_ENV=production; "
                "the development key is refused"
            )
        if len(key) < 32:
            raise PseudonymKeyError(f"{KEY_VARIABLE} must be at least 32 characters long")
    return (key or DEVELOPMENT_KEY).encode("utf-8")


def pseudonymise(value: str, key: bytes) -> str:
    """A 20-hex-digit pseudonym (80 bits: no collisions among millions of enterprises)."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:20]
