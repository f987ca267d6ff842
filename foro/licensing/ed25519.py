"""Ed25519 signatures (RFC 8032) for the exchange of denial notifications.

The ``cryptography`` package is used when it is installed (constant-time, OpenSSL). Without
it, the pure-Python implementation below (RFC 8032 section 6, with the test vectors of
section 7.1 in the tests) signs and verifies the same signatures: a file signed by one is
verified by the other. The pure-Python code is not constant-time; it is acceptable for
signing a few files a day on a server, and ``cryptography`` should replace it (see
docs/licensing-denials-and-amendments.md, "Keys")."""

from __future__ import annotations

import hashlib
import importlib
import os
from typing import Any

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)

Point = tuple[int, int, int, int]


def _sha512(data: bytes) -> bytes:
    return hashlib.sha512(data).digest()


def _inv(x: int) -> int:
    return pow(x, _P - 2, _P)


def _add(a: Point, b: Point) -> Point:
    x = (a[1] - a[0]) * (b[1] - b[0]) % _P
    y = (a[1] + a[0]) * (b[1] + b[0]) % _P
    c = 2 * a[3] * b[3] * _D % _P
    d = 2 * a[2] * b[2] % _P
    e, f, g, h = y - x, d - c, d + c, y + x
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s: int, point: Point) -> Point:
    q: Point = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, point)
        point = _add(point, point)
        s >>= 1
    return q


def _equal(a: Point, b: Point) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * _inv(_D * y * y + 1)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * _inv(5) % _P
_GX = _recover_x(_GY, 0) or 0
_G: Point = (_GX, _GY, 1, _GX * _GY % _P)


def _compress(point: Point) -> bytes:
    zinv = _inv(point[2])
    x, y = point[0] * zinv % _P, point[1] * zinv % _P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _decompress(data: bytes) -> Point | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def _expand(secret: bytes) -> tuple[int, bytes]:
    if len(secret) != 32:
        raise ValueError("an Ed25519 private key is 32 bytes")
    h = _sha512(secret)
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def _py_public_key(secret: bytes) -> bytes:
    a, _prefix = _expand(secret)
    return _compress(_mul(a, _G))


def _py_sign(secret: bytes, message: bytes) -> bytes:
    a, prefix = _expand(secret)
    public = _compress(_mul(a, _G))
    r = int.from_bytes(_sha512(prefix + message), "little") % _L
    big_r = _compress(_mul(r, _G))
    h = int.from_bytes(_sha512(big_r + public + message), "little") % _L
    s = (r + h * a) % _L
    return big_r + int.to_bytes(s, 32, "little")


def _py_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    h = int.from_bytes(_sha512(signature[:32] + public + message), "little") % _L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


def _load_cryptography() -> Any:
    """The ``cryptography`` package's Ed25519 module, or None when it is not installed."""
    try:
        return importlib.import_module("cryptography.hazmat.primitives.asymmetric.ed25519")
    except ImportError:
        return None


_CRYPTO = _load_cryptography()
BACKEND = "cryptography" if _CRYPTO is not None else "pure-python"


def public_key(secret: bytes) -> bytes:
    """The 32-byte public key of a 32-byte private key (seed)."""
    if _CRYPTO is not None:  # pragma: no cover - depends on what is installed
        key = _CRYPTO.Ed25519PrivateKey.from_private_bytes(secret).public_key()
        return bytes(key.public_bytes_raw())
    return _py_public_key(secret)


def sign(secret: bytes, message: bytes) -> bytes:
    """The 64-byte signature of ``message``."""
    if _CRYPTO is not None:  # pragma: no cover - depends on what is installed
        return bytes(_CRYPTO.Ed25519PrivateKey.from_private_bytes(secret).sign(message))
    return _py_sign(secret, message)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public``'s signature of ``message``."""
    if _CRYPTO is not None:  # pragma: no cover - depends on what is installed
        try:
            _CRYPTO.Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
        except Exception:  # InvalidSignature, or a malformed key
            return False
        return True
    return _py_verify(public, message, signature)


def new_private_key() -> bytes:
    """A new random 32-byte private key (seed) from the operating system's generator."""
    return os.urandom(32)
