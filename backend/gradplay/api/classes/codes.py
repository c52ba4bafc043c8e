"""Join codes and teacher tokens.

A join code is read aloud from the back of a room and typed on a phone, so its alphabet
leaves out every character that looks or sounds like another: 0/O/Q, 1/I/L, 5/S, 2/Z,
8/B, G/6, U/V. 20 characters, 7 of them: 20**7 ≈ 1.3e9 codes, against at most a few
thousand live classes and a rate limit on wrong guesses (limiter.py).

The teacher token is 256 random bits (secrets.token_urlsafe(32)). Stores keep only its
SHA-256, so a dump of the store (Redis included) cannot publish to a class.
"""

import hashlib
import hmac
import re
import secrets

ALPHABET = "ACDEFHJKMNPRTWXY3479"  # 16 letters and 4 digits
CODE_LENGTH = 7
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize(code: str) -> str | None:
    """The code as stored (upper case, spaces and dashes dropped), or None if it cannot be one."""
    cleaned = code.strip().upper().replace("-", "").replace(" ", "")
    return cleaned if _CODE.fullmatch(cleaned) else None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)
