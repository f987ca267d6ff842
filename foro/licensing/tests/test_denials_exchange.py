"""The signed exchange of denial notifications between two installations of foro: the
Flemish one (state BE, key A) exports its denials and revocations signed; the Dutch one
(state NL, key B) verifies them against its trusted keys and imports them. A tampered file,
an unknown signer, an expired file or key, a key speaking for another state and broken
copies are refused whole, with where and why; nothing is written.

Ed25519 is checked on the test vectors of RFC 8032 section 7.1 and, where the openssl
command is on the machine, against OpenSSL in both directions."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from foro.core.errors import InvalidFile, PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import denials_exchange as fmt
from foro.licensing import ed25519, services
from foro.licensing.models import DenialExchangeFile, ForeignDenial
from foro.licensing.services import denials as svc
from foro.licensing.tests.conftest import proposed, submitted

KEY_A = bytes(range(32))  # installation A (BE)
KEY_B = bytes(range(32, 64))  # installation B (NL)
KEY_C = bytes(range(64, 96))  # a key nobody trusts


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages (Dutch is the default language)."""
    with translation.override("en"):
        yield


def _trusted(key: bytes, key_id: str, state: str, **extra) -> dict:
    return {
        "keyId": key_id,
        "state": state,
        "publicKey": base64.b64encode(ed25519.public_key(key)).decode(),
        **extra,
    }


def installation_a(**extra):
    values = {
        "FORO_DENIALS_STATE": "BE",
        "FORO_DENIALS_KEY_ID": "BE-VLG-2026",
        "FORO_DENIALS_SIGNING_KEY": base64.b64encode(KEY_A).decode(),
        "FORO_DENIALS_TRUSTED_KEYS": [_trusted(KEY_B, "NL-CDIU-2026", "NL")],
    }
    return override_settings(**{**values, **extra})


def installation_b(trusted=None):
    return override_settings(
        FORO_DENIALS_STATE="NL",
        FORO_DENIALS_KEY_ID="NL-CDIU-2026",
        FORO_DENIALS_SIGNING_KEY=base64.b64encode(KEY_B).decode(),
        FORO_DENIALS_TRUSTED_KEYS=trusted
        if trusted is not None
        else [_trusted(KEY_A, "BE-VLG-2026", "BE")],
    )


# ------------------------------------------------------------------ Ed25519

RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]


@pytest.mark.parametrize("secret,public,message,signature", RFC8032)
def test_ed25519_on_the_rfc_8032_test_vectors(secret, public, message, signature):
    sk, msg = bytes.fromhex(secret), bytes.fromhex(message)
    assert ed25519.public_key(sk).hex() == public
    assert ed25519.sign(sk, msg).hex() == signature
    assert ed25519.verify(bytes.fromhex(public), msg, bytes.fromhex(signature))
    assert not ed25519.verify(bytes.fromhex(public), msg + b"x", bytes.fromhex(signature))
    bad = bytearray(bytes.fromhex(signature))
    bad[5] ^= 1
    assert not ed25519.verify(bytes.fromhex(public), msg, bytes(bad))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")
def test_ed25519_agrees_with_openssl_both_ways(tmp_path):
    key = tmp_path / "key.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], check=True)
    der = subprocess.run(
        ["openssl", "pkey", "-in", key, "-outform", "DER"], check=True, capture_output=True
    ).stdout
    pub_der = subprocess.run(
        ["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    secret, public = der[-32:], pub_der[-32:]
    assert ed25519.public_key(secret) == public
    message = tmp_path / "msg"
    message.write_bytes(b'{"notifications": []}')
    sig = tmp_path / "sig"
    subprocess.run(
        ["openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", message, "-out", sig],
        check=True,
    )
    assert ed25519.verify(public, message.read_bytes(), sig.read_bytes())
    ours = tmp_path / "ours"
    ours.write_bytes(ed25519.sign(secret, message.read_bytes()))
    pub = tmp_path / "pub.pem"
    subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub], check=True)
    verified = subprocess.run(
        [
            "openssl",
            "pkeyutl",
            "-verify",
            "-rawin",
            "-pubin",
            "-inkey",
            pub,
            "-in",
            message,
            "-sigfile",
            ours,
        ],
        capture_output=True,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


# ------------------------------------------------------------------ two installations


@pytest.fixture
def exported(accounts, watchlist, django_db_blocker):
    """Installation A refuses an application, revokes an older denial and exports."""
    refused = proposed(accounts, decision="refuse")
    services.decision_countersign(actor=accounts["senior"], application=refused)
    older = proposed(accounts, "export-dual-use", decision="refuse")
    services.decision_countersign(actor=accounts["senior"], application=older)
    svc.own_denial_revoke(actor=accounts["senior"], denial=older.denial, reason="Lifted")
    with installation_a():
        record = svc.exchange_export(actor=accounts["senior"])
    return refused, older, record.content.encode()


@pytest.mark.django_db
def test_installation_b_imports_what_installation_a_exported(accounts, exported):
    refused, older, content = exported
    envelope = json.loads(content)
    assert envelope["signature"]["keyId"] == "BE-VLG-2026"
    payload = json.loads(base64.b64decode(envelope["payload"]))
    kinds = sorted((n["type"], n["reference"]) for n in payload["notifications"])
    assert kinds == sorted(
        [("denial", refused.denial.reference), ("revocation", older.denial.reference)]
    )
    assert AuditEvent.objects.filter(verb="denial.exchange_exported").count() == 1

    with installation_b():
        result = svc.exchange_import(actor=accounts["officer"], content=content)
    assert (result.created, result.unknown_revocations) == (1, 1)
    received = ForeignDenial.objects.get()
    assert (received.issuing_state_id, received.reference) == ("BE", refused.denial.reference)
    assert received.end_user_name == "Canadian Army Training Centre"
    assert received.control_categories == ["ML1", "ML3"] and received.criteria == [2, 7]
    assert received.source == "import" and received.in_force()
    assert AuditEvent.objects.filter(verb="denial.exchange_imported").count() == 1

    # importing the same file again changes nothing
    with installation_b():
        again = svc.exchange_import(actor=accounts["officer"], content=content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)

    # at installation B, an essentially identical application now waits for BE's consultation
    app = submitted(accounts)
    assert [d.reference for d in svc.application_denials(app)] == [refused.denial.reference]


@pytest.mark.django_db
def test_a_revocation_in_a_later_file_ends_the_denial(accounts, exported):
    refused, _older, content = exported
    with installation_b():
        svc.exchange_import(actor=accounts["officer"], content=content)
    svc.own_denial_revoke(actor=accounts["senior"], denial=refused.denial, reason="Lifted")
    with installation_a():
        later = svc.exchange_export(actor=accounts["senior"]).content.encode()
    with installation_b():
        result = svc.exchange_import(actor=accounts["officer"], content=later)
    assert result.revoked == 1
    assert not ForeignDenial.objects.get().in_force()


def _tamper(content: bytes, old: bytes, new: bytes) -> bytes:
    envelope = json.loads(content)
    payload = base64.b64decode(envelope["payload"])
    assert old in payload
    envelope["payload"] = base64.b64encode(payload.replace(old, new, 1)).decode()
    return json.dumps(envelope).encode()


def _refused(accounts, content: bytes, trusted=None, **kwargs) -> InvalidFile:
    files = DenialExchangeFile.objects.filter(direction="import").count()
    with installation_b(trusted), pytest.raises(InvalidFile) as exc:
        svc.exchange_import(actor=accounts["officer"], content=content, **kwargs)
    assert not ForeignDenial.objects.exists()  # refused whole
    assert DenialExchangeFile.objects.filter(direction="import").count() == files
    return exc.value


@pytest.mark.django_db
def test_a_tampered_file_is_refused_whole(accounts, exported):
    _refused_, _older, content = exported
    error = _refused(accounts, _tamper(content, b'"ML3"', b'"ML4"'))
    assert "changed or damaged" in error.errors[0]["message"]
    assert error.errors[0]["position"] == "/signature/value"
    # a new signature from a key that does not speak for the file is refused too
    envelope = json.loads(content)
    raw = base64.b64decode(envelope["payload"])
    envelope["signature"]["value"] = base64.b64encode(ed25519.sign(KEY_C, raw)).decode()
    _refused(accounts, json.dumps(envelope).encode())


@pytest.mark.django_db
def test_an_unknown_signer_is_refused(accounts, exported):
    _r, _o, content = exported
    error = _refused(accounts, content, trusted=[_trusted(KEY_C, "FR-SBDU-2026", "FR")])
    assert "not a trusted key" in error.errors[0]["message"]


@pytest.mark.django_db
def test_a_key_speaks_only_for_its_own_state(accounts, exported):
    _r, _o, content = exported
    error = _refused(accounts, content, trusted=[_trusted(KEY_A, "BE-VLG-2026", "FR")])
    assert "speaks for FR" in error.errors[0]["message"]


@pytest.mark.django_db
def test_an_expired_file_or_key_is_refused(accounts, exported):
    _r, _o, content = exported
    later = timezone.now() + fmt.DEFAULT_LIFETIME + timedelta(hours=1)
    error = _refused(accounts, content, now=later)
    assert "expired" in error.errors[0]["message"]
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    error = _refused(
        accounts, content, trusted=[_trusted(KEY_A, "BE-VLG-2026", "BE", validUntil=yesterday)]
    )
    assert "expired" in error.errors[0]["message"]


@override_settings(TIME_ZONE="Europe/Brussels")
def test_a_key_validity_date_is_read_in_the_departments_time_zone():
    # 23:30 UTC on 30 June is already 1 July in Brussels: a key valid until 30 June did not
    # sign it. (CI once ran this check at 23:31 UTC and the UTC date let it through.)
    signed_at = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    payload = {
        **_payload(),
        "generatedAt": signed_at.isoformat(),
        "expiresAt": (signed_at + timedelta(days=1)).isoformat(),
    }
    content = _signed(payload)
    at = signed_at + timedelta(minutes=1)
    until_30 = fmt.trusted_keys_from(
        [_trusted(KEY_A, "BE-VLG-2026", "BE", validUntil="2026-06-30")]
    )
    with pytest.raises(fmt.ExchangeError, match="expired"):
        fmt.read(content, until_30, now=at)
    until_1 = fmt.trusted_keys_from([_trusted(KEY_A, "BE-VLG-2026", "BE", validUntil="2026-07-01")])
    assert fmt.read(content, until_1, now=at).state == "BE"


def _signed(payload: dict, key: bytes = KEY_A, key_id: str = "BE-VLG-2026") -> bytes:
    raw = json.dumps(payload).encode()
    return json.dumps(
        {
            "format": "foro-denial-exchange",
            "formatVersion": 1,
            "signature": {
                "algorithm": "Ed25519",
                "keyId": key_id,
                "value": base64.b64encode(ed25519.sign(key, raw)).decode(),
            },
            "payload": base64.b64encode(raw).decode(),
        }
    ).encode()


def _payload(**notification) -> dict:
    now = datetime.now(UTC)
    return {
        "issuer": {"state": "BE", "authority": "Flanders", "keyId": "BE-VLG-2026"},
        "generatedAt": now.isoformat(),
        "expiresAt": (now + timedelta(days=1)).isoformat(),
        "notifications": [
            {
                "type": "denial",
                "reference": "WG-2026-00001",
                "deniedOn": "2026-01-15",
                "validUntil": "2029-01-15",
                "destination": "CA",
                "controlCategories": ["ML3"],
                "endUser": {"name": "Canadian Army Training Centre", "country": "CA"},
                "criteria": [7],
                **notification,
            }
        ],
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,position",
    [
        (b"", ""),
        (b"not json", ""),
        (b'{"format": "foro-denial-exchange"}', ""),
        (
            _signed(_payload(controlCategories=["ML99"])),
            "/payload/notifications/0/controlCategories/0",
        ),
        (_signed(_payload(criteria=[9])), "/payload/notifications/0/criteria/0"),
        (_signed(_payload(destination="Canada")), "/payload/notifications/0/destination"),
        (_signed(_payload(deniedOn="15/01/2026")), "/payload/notifications/0/deniedOn"),
        (_signed(_payload(validUntil="2025-01-01")), "/payload/notifications/0/validUntil"),
        (_signed(_payload(colour="red")), "/payload/notifications/0"),
        (_signed(_payload(type="rumour")), "/payload/notifications/0/type"),
    ],
    ids=[
        "empty",
        "not-json",
        "envelope-incomplete",
        "category",
        "criterion",
        "country",
        "date-format",
        "valid-before-denied",
        "unknown-field",
        "unknown-type",
    ],
)
def test_broken_copies_are_refused_whole_with_their_position(
    accounts, reference, content, position
):
    error = _refused(accounts, content)
    assert error.errors[0]["position"] == position


@pytest.mark.django_db
def test_a_valid_file_with_one_bad_notification_writes_none(accounts, reference):
    payload = _payload()
    payload["notifications"].append({**payload["notifications"][0], "reference": "WG-2"})
    payload["notifications"].append({**payload["notifications"][0], "reference": ""})
    _refused(accounts, _signed(payload))


@pytest.mark.django_db
def test_only_officers_import_and_only_seniors_export(accounts, reference):
    with installation_b(), pytest.raises(PermissionDenied):
        svc.exchange_import(actor=accounts["applicant"], content=b"{}")
    with installation_a(), pytest.raises(PermissionDenied):
        svc.exchange_export(actor=accounts["officer"])


@pytest.mark.django_db
def test_an_export_without_a_signing_key_says_what_to_configure(accounts, reference):
    with installation_a(FORO_DENIALS_SIGNING_KEY=""), pytest.raises(ValidationFailed) as exc:
        svc.exchange_export(actor=accounts["senior"])
    assert "FORO_DENIALS_SIGNING_KEY" in exc.value.detail


def test_the_keygen_command_prints_a_working_pair(capsys):
    from django.core.management import call_command

    call_command("denials_keygen", "--key-id", "BE-VLG-T", "--state", "be")
    out = capsys.readouterr().out
    secret = next(ln.split("=", 1)[1] for ln in out.splitlines() if "SIGNING_KEY=" in ln)
    entry = json.loads(next(ln for ln in out.splitlines() if ln.startswith("{")))
    assert entry["state"] == "BE" and entry["keyId"] == "BE-VLG-T"
    private = base64.b64decode(secret)
    assert base64.b64decode(entry["publicKey"]) == ed25519.public_key(private)


@pytest.mark.django_db
def test_a_broken_key_configuration_is_a_clear_refusal(accounts, reference):
    broken = [{"keyId": "DE", "state": "Germany", "publicKey": "x"}]
    with installation_b(trusted=broken), pytest.raises(ValidationFailed) as exc:
        svc.exchange_import(actor=accounts["officer"], content=b"{}")
    assert "cannot be read" in exc.value.detail
