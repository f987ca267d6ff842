"""TOTP as a second factor (issue 16): enrolment with a QR code and the secret, the code
step of the sign-in, replay and guessing refused, a setting that requires it for officer
roles, and recovery by an administrator (audited).

The codes are real: computed here from the secret the enrolment page shows, with RFC 6238
written out in a few lines of the standard library (checked against the RFC's own test
vector), not with the library foro uses.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from foro.core import totp
from foro.core.models import AuditEvent, TotpDevice

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


def rfc6238(secret_b32: str, at: float, digits: int = 6) -> str:
    """RFC 6238 TOTP (HMAC-SHA1, 30-second steps, T0 = 0) from the base32 secret."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def test_the_test_helper_gives_the_rfc_6238_test_vector():
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert rfc6238(secret, 59, digits=8) == "94287082"
    assert rfc6238(secret, 1111111109, digits=8) == "07081804"


def _at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def _enrolled(user, moment: datetime = T0) -> str:
    """``user`` enrolled at ``moment``; returns the secret."""
    with _at(moment):
        device = totp.totp_begin_enrolment(actor=user)
        totp.totp_confirm(actor=user, code=rfc6238(device.secret, time.time()))
    return device.secret


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _english() -> Client:
    client = Client()
    client.cookies["foro_language"] = "en"
    return client


def test_enrolment_shows_a_qr_code_and_the_secret_and_needs_a_right_code(accounts):
    officer = accounts["officer"]
    client = _english()
    client.force_login(officer)
    with _at(T0):
        page = client.get("/account/sign-in-codes/")
        html = page.content.decode()
        assert page.status_code == 200 and "<svg" in html
        secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', html).group(1)
        wrong = client.post("/account/sign-in-codes/", {"code": "000000"})
        assert wrong.status_code == 422 and "This code is not right" in wrong.content.decode()
        assert not totp.enrolled(officer)
        # the same secret is kept while the person retries
        right = client.post("/account/sign-in-codes/", {"code": rfc6238(secret, time.time())})
        assert right.status_code == 302 and right["Location"] == "/account/"
        assert totp.enrolled(officer)
        # once on, the page says so and hands out no new secret
        assert "Sign-in codes are on" in client.get("/account/sign-in-codes/").content.decode()
    assert AuditEvent.objects.filter(verb="totp.enrolled", target_id=str(officer.pk)).exists()
    assert TotpDevice.objects.get(user=officer).secret == secret


def test_a_sign_in_with_totp_needs_the_code_and_a_code_works_once(accounts):
    secret = _enrolled(accounts["officer"])
    later = T0 + timedelta(minutes=5)
    client = _english()
    with _at(later):
        r = client.post("/login/", {"username": "officer", "password": "demo"})
        assert r.status_code == 302 and r["Location"] == "/login/code/"
        assert not _signed_in(client)  # the password alone is not enough
        wrong = client.post("/login/code/", {"code": "123456"})
        assert wrong.status_code == 422 and not _signed_in(client)
        code = rfc6238(secret, time.time())
        right = client.post("/login/code/", {"code": code})
        assert right.status_code == 302 and _signed_in(client)
        # the same code again (seen over a shoulder, replayed) does not sign in
        other = _english()
        other.post("/login/", {"username": "officer", "password": "demo"})
        replay = other.post("/login/code/", {"code": code})
        assert replay.status_code == 422 and not _signed_in(other)


def test_the_code_step_expires(accounts):
    secret = _enrolled(accounts["officer"])
    client = _english()
    with _at(T0 + timedelta(minutes=1)):
        client.post("/login/", {"username": "officer", "password": "demo"})
    with _at(T0 + timedelta(minutes=7)):
        r = client.post("/login/code/", {"code": rfc6238(secret, time.time())})
    assert r.status_code == 302 and r["Location"] == "/login/" and not _signed_in(client)


def test_guessing_codes_locks_the_account(accounts):
    secret = _enrolled(accounts["officer"])
    client = _english()
    with _at(T0 + timedelta(minutes=1)):
        client.post("/login/", {"username": "officer", "password": "demo"})
        for guess in range(settings.FORO_LOGIN_MAX_FAILURES):
            client.post("/login/code/", {"code": f"{guess:06d}"})
        r = client.post("/login/code/", {"code": rfc6238(secret, time.time())})
    assert r.status_code == 429 and not _signed_in(client)


def test_re_authentication_asks_for_the_code_as_well(accounts):
    secret = _enrolled(accounts["senior"])
    client = _english()
    client.force_login(accounts["senior"])
    with _at(T0 + timedelta(minutes=2)):
        page = client.get("/reauthenticate/?next=/")
        assert 'name="code"' in page.content.decode()
        r = client.post("/reauthenticate/", {"password": "demo", "next": "/"})
        assert r.status_code == 422
        r = client.post(
            "/reauthenticate/",
            {"password": "demo", "code": rfc6238(secret, time.time()), "next": "/"},
        )
    assert r.status_code == 302 and r["Location"] == "/"


REQUIRED = ["licensing_officer", "senior_licensing_officer"]


def test_a_role_that_requires_totp_must_enrol_before_anything_else(accounts, settings):
    settings.FORO_TOTP_REQUIRED_ROLES = REQUIRED
    client = _english()
    client.post("/login/", {"username": "officer", "password": "demo"})
    assert _signed_in(client)
    r = client.get("/licensing/")
    assert r.status_code == 302 and r["Location"] == "/account/sign-in-codes/"
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert api.json()["type"] == "urn:problem-type:foro:totpEnrolmentRequired"
    client.cookies["foro_language"] = "en"  # the sign-in set the user's own language (nl)
    page = client.get("/account/sign-in-codes/")
    assert "Your role signs in with a code" in page.content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.content.decode()).group(1)
    client.post("/account/sign-in-codes/", {"code": rfc6238(secret, time.time())})
    assert client.get("/licensing/").status_code == 200


def test_a_role_that_does_not_require_totp_signs_in_with_the_password(accounts, settings):
    settings.FORO_TOTP_REQUIRED_ROLES = REQUIRED
    client = _english()
    client.post("/login/", {"username": "policy", "password": "demo"})
    assert _signed_in(client) and client.get("/").status_code == 200


def test_an_administrator_removes_a_lost_device_and_it_is_audited(accounts):
    officer = accounts["officer"]
    _enrolled(officer)
    admin = _english()
    admin.force_login(accounts["admin"])
    confirm = admin.get(f"/users/{officer.pk}/sign-in-codes/")
    assert confirm.status_code == 200 and "Confirm: remove the device" in confirm.content.decode()
    assert totp.enrolled(officer)  # asking is not doing
    r = admin.post(f"/users/{officer.pk}/sign-in-codes/", {"confirm": "1"})
    assert r.status_code == 302 and not totp.enrolled(officer)
    event = AuditEvent.objects.get(verb="totp.reset", target_id=str(officer.pk))
    assert event.actor == accounts["admin"]
    # the officer signs in with the password again, and can enrol anew
    client = _english()
    client.post("/login/", {"username": "officer", "password": "demo"})
    assert _signed_in(client)


@pytest.mark.parametrize("role", ["senior", "officer", "management", "applicant"])
def test_only_an_administrator_removes_a_device(accounts, role):
    officer = accounts["officer2"]
    _enrolled(officer)
    client = _english()
    client.force_login(accounts[role])
    assert client.get(f"/users/{officer.pk}/sign-in-codes/").status_code == 403
    r = client.post(f"/users/{officer.pk}/sign-in-codes/", {"confirm": "1"})
    assert r.status_code == 403 and totp.enrolled(officer)
    assert not AuditEvent.objects.filter(verb="totp.reset").exists()
