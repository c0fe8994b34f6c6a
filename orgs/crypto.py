"""Encryption at rest for personal data, and the keyed blind index used to find it.

ID numbers and phones are stored as Fernet tokens (``cryptography``), so a database file or dump
holds no plaintext. Uniqueness and exact search use an HMAC-SHA256 of the normalised value with
a separate key, so the encryption key can rotate (``MultiFernet``: the first key encrypts, all
keys decrypt) without touching the index.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in settings.DANGJIAN_FIELD_KEYS])


def encrypt(value: str) -> str:
    """Encrypt a string; the empty string stays empty."""
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a token written by :func:`encrypt`; a token no key opens gives ``""``."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def blind_index(value: str) -> str:
    """Keyed hash of a normalised value, for uniqueness and exact look-up."""
    key = settings.DANGJIAN_BLIND_INDEX_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
