"""Ed25519 signatures (RFC 8032) for the exchange of denial notifications, through the
``cryptography`` package (OpenSSL, constant-time). Keys are handled as raw bytes: the
32-byte private seed and the 32-byte public key, which is how the exchange files and the
settings carry them (base64)."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

BACKEND = "cryptography"


def public_key(secret: bytes) -> bytes:
    """The 32-byte public key of a 32-byte private key (seed)."""
    return Ed25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()


def sign(secret: bytes, message: bytes) -> bytes:
    """The 64-byte signature of ``message``."""
    return Ed25519PrivateKey.from_private_bytes(secret).sign(message)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public``'s signature of ``message`` (False for a malformed
    key or signature too)."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def new_private_key() -> bytes:
    """A new random 32-byte private key (seed)."""
    return Ed25519PrivateKey.generate().private_bytes_raw()
