"""The token's secret, its hash and its checks: plain functions, no database.

A secret reads ``mdt_<prefix>_<secret>``: the prefix (8 hex characters) finds the row, the
secret is 32 random bytes (URL-safe base64). The stored hash is SHA-256 over the whole string,
compared in constant time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

PREFIX = "mdt_"
# The longest a token may last, and the choices offered.
MAX_DAYS = 90
DAY_CHOICES = (7, 30, 90)


@dataclass(frozen=True)
class NewSecret:
    prefix: str
    secret: str
    hashed: str


def new_secret() -> NewSecret:
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return NewSecret(prefix=prefix, secret=secret, hashed=hash_of(secret))


def hash_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def prefix_of(secret: str) -> str | None:
    """The prefix a presented secret claims, or None if it is not shaped like one."""
    if not secret.startswith(PREFIX):
        return None
    prefix, _, rest = secret[len(PREFIX) :].partition("_")
    if len(prefix) != 8 or not rest:
        return None
    return prefix


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_of(secret), stored_hash)


def is_live(expires_at: datetime, revoked_at: datetime | None, now: datetime) -> bool:
    return revoked_at is None and expires_at > now


def too_long(expires_at: datetime, now: datetime) -> bool:
    return expires_at > now + timedelta(days=MAX_DAYS, minutes=1)
