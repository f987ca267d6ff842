"""The exchange file of denial notifications between licensing authorities: build and sign
one, verify and read one. Plain Python (no database); ``services/denials.py`` stores what it
reads. The format is documented in docs/licensing-denials-and-amendments.md and its JSON
Schema in docs/denials-exchange.schema.json.

A file is a JSON envelope::

    {"format": "foro-denial-exchange", "formatVersion": 1,
     "signature": {"algorithm": "Ed25519", "keyId": "...", "value": "<base64, 64 bytes>"},
     "payload": "<base64 of the UTF-8 JSON payload>"}

The signature covers the payload's bytes exactly as carried (no canonical form needed).
A receiving installation accepts a file only when the key is one of its trusted keys, the
signature verifies, the key speaks for the issuing state the payload names, the key was
valid when the file was signed, the file has not expired, and every notification is well
formed. Anything else refuses the whole file, with where and why."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.utils import timezone

from foro.licensing import ed25519

FORMAT = "foro-denial-exchange"
FORMAT_VERSION = 1
ALGORITHM = "Ed25519"
#: a file is accepted for this long after it was signed, unless it says less
DEFAULT_LIFETIME = timedelta(days=30)
#: the largest file read (bytes)
MAX_BYTES = 5 * 1024 * 1024

_STATE = re.compile(r"^[A-Z]{2}$")
_CATEGORY = re.compile(r"^(ML([1-9]|1[0-9]|2[0-2])|[0-9])$")
_KEY_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class ExchangeError(ValueError):
    """The file is refused whole. ``position`` says where (a JSON pointer, or "")."""

    def __init__(self, message: str, position: str = "") -> None:
        self.message = message
        self.position = position
        super().__init__(f"{position}: {message}" if position else message)


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    state: str
    public_key: bytes
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    state: str
    authority: str
    private_key: bytes


@dataclass(frozen=True)
class DenialNotice:
    reference: str
    denied_on: date
    valid_until: date
    destination: str
    control_categories: tuple[str, ...]
    goods_description: str
    end_user_name: str
    end_user_country: str
    criteria: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class RevocationNotice:
    reference: str
    revoked_on: date
    reason: str


@dataclass(frozen=True)
class ExchangeFile:
    key_id: str
    state: str
    authority: str
    generated_at: datetime
    expires_at: datetime
    denials: list[DenialNotice] = field(default_factory=list)
    revocations: list[RevocationNotice] = field(default_factory=list)


# ------------------------------------------------------------------ keys


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str, size: int | None, position: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ExchangeError("not valid base64", position) from exc
    if size is not None and len(data) != size:
        raise ExchangeError(f"must be {size} bytes", position)
    return data


def trusted_keys_from(entries: list[dict[str, Any]]) -> dict[str, TrustedKey]:
    """The trusted keys of a configuration list:
    ``[{"keyId", "state", "publicKey" (base64), "validFrom"?, "validUntil"?}]``."""
    keys = {}
    for n, e in enumerate(entries):
        where = f"/{n}"
        key_id, state = str(e.get("keyId", "")), str(e.get("state", ""))
        if not _KEY_ID.match(key_id) or not _STATE.match(state):
            raise ExchangeError("a trusted key needs a keyId and a two-letter state", where)
        keys[key_id] = TrustedKey(
            key_id=key_id,
            state=state,
            public_key=unb64(str(e.get("publicKey", "")), 32, where + "/publicKey"),
            valid_from=date.fromisoformat(e["validFrom"]) if e.get("validFrom") else None,
            valid_until=date.fromisoformat(e["validUntil"]) if e.get("validUntil") else None,
        )
    return keys


# ------------------------------------------------------------------ writing


def build(
    key: SigningKey,
    denials: list[DenialNotice],
    revocations: list[RevocationNotice],
    *,
    now: datetime | None = None,
    lifetime: timedelta = DEFAULT_LIFETIME,
) -> bytes:
    """A signed exchange file of ``denials`` and ``revocations``."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    notifications: list[dict[str, Any]] = [
        {
            "type": "denial",
            "reference": d.reference,
            "deniedOn": d.denied_on.isoformat(),
            "validUntil": d.valid_until.isoformat(),
            "destination": d.destination,
            "controlCategories": list(d.control_categories),
            "goodsDescription": d.goods_description,
            "endUser": {"name": d.end_user_name, "country": d.end_user_country},
            "criteria": list(d.criteria),
            "reason": d.reason,
        }
        for d in denials
    ]
    notifications += [
        {
            "type": "revocation",
            "reference": r.reference,
            "revokedOn": r.revoked_on.isoformat(),
            "reason": r.reason,
        }
        for r in revocations
    ]
    payload = {
        "issuer": {"state": key.state, "authority": key.authority, "keyId": key.key_id},
        "generatedAt": now.isoformat().replace("+00:00", "Z"),
        "expiresAt": (now + lifetime).isoformat().replace("+00:00", "Z"),
        "notifications": notifications,
    }
    raw = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    envelope = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "signature": {
            "algorithm": ALGORITHM,
            "keyId": key.key_id,
            "value": b64(ed25519.sign(key.private_key, raw)),
        },
        "payload": b64(raw),
    }
    return (json.dumps(envelope, indent=1) + "\n").encode("ascii")


# ------------------------------------------------------------------ reading


def _obj(
    value: Any, position: str, keys: set[str], optional: Collection[str] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ExchangeError("must be an object", position)
    unknown = set(value) - keys - set(optional)
    if unknown:
        raise ExchangeError(f"unknown field {sorted(unknown)[0]!r}", position)
    missing = keys - set(value)
    if missing:
        raise ExchangeError(f"missing field {sorted(missing)[0]!r}", position)
    return value


def _str(value: Any, position: str, *, limit: int, required: bool = True) -> str:
    if not isinstance(value, str):
        raise ExchangeError("must be a string", position)
    if len(value) > limit:
        raise ExchangeError(f"at most {limit} characters", position)
    if required and not value.strip():
        raise ExchangeError("must not be empty", position)
    return value.strip()


def _date(value: Any, position: str) -> date:
    text = _str(value, position, limit=10)
    try:
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("x")
    except ValueError as exc:
        raise ExchangeError("must be a date yyyy-mm-dd", position) from exc


def _moment(value: Any, position: str) -> datetime:
    text = _str(value, position, limit=40)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ExchangeError("must be a date and time (ISO 8601)", position) from exc
    if moment.tzinfo is None:
        raise ExchangeError("must carry a time zone", position)
    return moment


def _state(value: Any, position: str) -> str:
    text = _str(value, position, limit=2)
    if not _STATE.match(text):
        raise ExchangeError("must be a two-letter country code (ISO 3166-1)", position)
    return text


def _denial(n: dict[str, Any], at: str) -> DenialNotice:
    _obj(
        n,
        at,
        {
            "type",
            "reference",
            "deniedOn",
            "validUntil",
            "destination",
            "controlCategories",
            "endUser",
            "criteria",
        },
        {"goodsDescription", "reason"},
    )
    cats = n["controlCategories"]
    if not isinstance(cats, list) or not cats:
        raise ExchangeError("must be a non-empty list", at + "/controlCategories")
    for i, c in enumerate(cats):
        if not isinstance(c, str) or not _CATEGORY.match(c):
            raise ExchangeError(
                "a goods category is ML1 to ML22 or a dual-use category 0 to 9",
                f"{at}/controlCategories/{i}",
            )
    criteria = n["criteria"]
    if not isinstance(criteria, list) or not criteria:
        raise ExchangeError("must be a non-empty list", at + "/criteria")
    for i, c in enumerate(criteria):
        if not isinstance(c, int) or isinstance(c, bool) or not 1 <= c <= 8:
            raise ExchangeError("a criterion is a number 1 to 8", f"{at}/criteria/{i}")
    end_user = _obj(n["endUser"], at + "/endUser", {"name", "country"})
    denied_on = _date(n["deniedOn"], at + "/deniedOn")
    valid_until = _date(n["validUntil"], at + "/validUntil")
    if valid_until < denied_on:
        raise ExchangeError("is before deniedOn", at + "/validUntil")
    return DenialNotice(
        reference=_str(n["reference"], at + "/reference", limit=60),
        denied_on=denied_on,
        valid_until=valid_until,
        destination=_state(n["destination"], at + "/destination"),
        control_categories=tuple(sorted(set(cats))),
        goods_description=_str(
            n.get("goodsDescription", ""), at + "/goodsDescription", limit=2000, required=False
        ),
        end_user_name=_str(end_user["name"], at + "/endUser/name", limit=300),
        end_user_country=_state(end_user["country"], at + "/endUser/country"),
        criteria=tuple(sorted(set(criteria))),
        reason=_str(n.get("reason", ""), at + "/reason", limit=4000, required=False),
    )


def _revocation(n: dict[str, Any], at: str) -> RevocationNotice:
    _obj(n, at, {"type", "reference", "revokedOn"}, {"reason"})
    return RevocationNotice(
        reference=_str(n["reference"], at + "/reference", limit=60),
        revoked_on=_date(n["revokedOn"], at + "/revokedOn"),
        reason=_str(n.get("reason", ""), at + "/reason", limit=4000, required=False),
    )


def read(
    content: bytes,
    trusted: dict[str, TrustedKey],
    *,
    now: datetime | None = None,
) -> ExchangeFile:
    """Verify and read an exchange file; ``ExchangeError`` refuses it whole."""
    now = now or datetime.now(UTC)
    if len(content) > MAX_BYTES:
        raise ExchangeError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        envelope = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError("the file is not JSON (UTF-8)") from exc
    _obj(envelope, "", {"format", "formatVersion", "signature", "payload"})
    if envelope["format"] != FORMAT:
        raise ExchangeError(f"must be {FORMAT!r}", "/format")
    if envelope["formatVersion"] != FORMAT_VERSION:
        raise ExchangeError(f"version {envelope['formatVersion']!r} is not known", "/formatVersion")
    sig = _obj(envelope["signature"], "/signature", {"algorithm", "keyId", "value"})
    if sig["algorithm"] != ALGORITHM:
        raise ExchangeError(f"must be {ALGORITHM}", "/signature/algorithm")
    key_id = _str(sig["keyId"], "/signature/keyId", limit=100)
    key = trusted.get(key_id)
    if key is None:
        raise ExchangeError(
            f"the file is signed with key {key_id!r}, which is not a trusted key of this installation",
            "/signature/keyId",
        )
    signature = unb64(_str(sig["value"], "/signature/value", limit=200), 64, "/signature/value")
    raw = unb64(_str(envelope["payload"], "/payload", limit=MAX_BYTES), None, "/payload")
    if not ed25519.verify(key.public_key, raw, signature):
        raise ExchangeError(
            "the signature does not match the content: the file was changed or damaged",
            "/signature/value",
        )
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:  # signed, but not JSON
        raise ExchangeError("the payload is not JSON", "/payload") from exc
    _obj(payload, "/payload", {"issuer", "generatedAt", "expiresAt", "notifications"})
    issuer = _obj(payload["issuer"], "/payload/issuer", {"state", "authority", "keyId"})
    state = _state(issuer["state"], "/payload/issuer/state")
    if issuer["keyId"] != key_id:
        raise ExchangeError("differs from the signature's key", "/payload/issuer/keyId")
    if state != key.state:
        raise ExchangeError(
            f"key {key_id!r} speaks for {key.state}, not for {state}", "/payload/issuer/state"
        )
    generated = _moment(payload["generatedAt"], "/payload/generatedAt")
    expires = _moment(payload["expiresAt"], "/payload/expiresAt")
    if generated > now + timedelta(minutes=5):
        raise ExchangeError("is in the future", "/payload/generatedAt")
    if expires <= now:
        raise ExchangeError(
            f"the file expired on {expires.date().isoformat()}; ask for a new one",
            "/payload/expiresAt",
        )
    # A key's validity is a calendar date in the department's time zone, as every date in foro.
    signed_on = timezone.localtime(generated).date()
    if key.valid_until is not None and signed_on > key.valid_until:
        raise ExchangeError(
            f"signed after key {key_id!r} expired ({key.valid_until.isoformat()})",
            "/payload/generatedAt",
        )
    if key.valid_from is not None and signed_on < key.valid_from:
        raise ExchangeError(f"signed before key {key_id!r} was valid", "/payload/generatedAt")
    notifications = payload["notifications"]
    if not isinstance(notifications, list):
        raise ExchangeError("must be a list", "/payload/notifications")
    result = ExchangeFile(
        key_id=key_id,
        state=state,
        authority=_str(issuer["authority"], "/payload/issuer/authority", limit=200),
        generated_at=generated,
        expires_at=expires,
    )
    seen: set[tuple[str, str]] = set()
    for i, n in enumerate(notifications):
        at = f"/payload/notifications/{i}"
        kind = n.get("type") if isinstance(n, dict) else None
        if kind == "denial":
            d = _denial(n, at)
            result.denials.append(d)
            ident = ("denial", d.reference)
        elif kind == "revocation":
            r = _revocation(n, at)
            result.revocations.append(r)
            ident = ("revocation", r.reference)
        else:
            raise ExchangeError("type must be 'denial' or 'revocation'", at + "/type")
        if ident in seen:
            raise ExchangeError(f"{ident[1]!r} appears twice", at + "/reference")
        seen.add(ident)
    return result
