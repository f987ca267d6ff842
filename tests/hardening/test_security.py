"""Sign-in lockout, API token throttling, security headers and a strict CSP, secure
cookies behind TLS, and no production start with a known secret (issue 16)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from foro.core import lockout
from foro.core.errors import PermissionDenied
from foro.core.models import AuditEvent, SignInFailure
from foro.core.services import apitoken_create

ROOT = Path(__file__).resolve().parents[2]


def _sign_in(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_130_wrong_passwords_then_the_right_one_does_not_sign_in(accounts):
    client = Client()
    client.cookies["foro_language"] = "en"
    for _ in range(130):
        r = _sign_in(client, "officer", "wrong-password")
        assert not _signed_in(client)
    r = _sign_in(client, "officer", "demo")
    assert not _signed_in(client)
    assert r.status_code == 429
    assert "signing in is locked until" in r.content.decode()
    # the attacker's case does not matter: the lock is on the username
    r = _sign_in(client, "OFFICER", "demo")
    assert not _signed_in(client)


@pytest.mark.django_db
def test_a_lock_is_per_address_until_the_username_is_attacked_from_many(accounts):
    attacker = Client()
    for _ in range(settings.FORO_LOGIN_MAX_FAILURES):
        _sign_in(attacker, "officer", "wrong", ip="10.6.6.6")
    assert not _signed_in(attacker) and _sign_in(attacker, "officer", "demo", "10.6.6.6")
    assert not _signed_in(attacker)
    colleague = Client()
    _sign_in(colleague, "officer", "demo", ip="10.0.0.2")
    assert _signed_in(colleague)  # the officer at their own desk still signs in

    spread = Client()
    for n in range(settings.FORO_LOGIN_MAX_FAILURES_ANY_ADDRESS):
        _sign_in(spread, "senior", "wrong", ip=f"10.9.{n}.1")
    elsewhere = Client()
    _sign_in(elsewhere, "senior", "demo", ip="10.0.0.3")
    assert not _signed_in(elsewhere)


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_and_a_success_clear_the_count(accounts):
    client = Client()
    for _ in range(settings.FORO_LOGIN_MAX_FAILURES - 1):
        _sign_in(client, "officer", "wrong")
    _sign_in(client, "officer", "demo")
    assert _signed_in(client)
    assert not SignInFailure.objects.filter(username="officer", ip="10.0.0.1").exists()


@pytest.mark.django_db
def test_a_lock_ends_after_the_lock_time(accounts):
    client = Client()
    for _ in range(settings.FORO_LOGIN_MAX_FAILURES):
        _sign_in(client, "officer", "wrong")
    SignInFailure.objects.update(
        locked_until=timezone.now() - timedelta(seconds=1),
        last_failure_at=timezone.now() - timedelta(minutes=settings.FORO_LOCKOUT_MINUTES + 1),
    )
    _sign_in(client, "officer", "demo")
    assert _signed_in(client)


@pytest.mark.django_db
def test_an_administrator_lifts_a_lock_and_it_is_audited(accounts):
    client = Client()
    for _ in range(settings.FORO_LOGIN_MAX_FAILURES):
        _sign_in(client, "officer", "wrong")
    with pytest.raises(PermissionDenied):
        lockout.signin_unlock(actor=accounts["senior"], username="officer")
    assert lockout.login_locked_until("officer", "10.0.0.1")
    lockout.signin_unlock(actor=accounts["admin"], username="officer")
    event = AuditEvent.objects.latest("seq")
    assert event.verb == "signin.unlocked" and event.target_id == "officer"
    assert event.actor == accounts["admin"] and event.payload["failures"] >= 5
    _sign_in(client, "officer", "demo")
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_operations_page_lists_locks_and_unlocks_for_administrators_only(accounts):
    for _ in range(settings.FORO_LOGIN_MAX_FAILURES):
        _sign_in(Client(), "officer", "wrong")
    officer = Client()
    officer.force_login(accounts["senior"])
    assert officer.get("/operations/").status_code == 403
    assert officer.post("/operations/unlock/", {"username": "officer"}).status_code == 403
    admin = Client()
    admin.force_login(accounts["admin"])
    admin.cookies["foro_language"] = "en"
    page = admin.get("/operations/").content.decode()
    assert "officer" in page and "10.0.0.1" in page
    r = admin.post("/operations/unlock/", {"username": "officer"})
    assert r.status_code == 302
    assert not lockout.login_locked_until("officer", "10.0.0.1")


@pytest.mark.django_db
def test_wrong_bearer_tokens_are_throttled_with_a_429_problem(accounts):
    _t, good = apitoken_create(actor=accounts["officer"], name="script")
    client = Client()
    for n in range(settings.FORO_TOKEN_MAX_FAILURES):
        r = client.get(
            "/api/v1/countries", HTTP_AUTHORIZATION=f"Bearer foro_guess{n}", REMOTE_ADDR="10.7.7.7"
        )
        assert r.status_code == 401
    for secret in ("foro_guess-more", good):
        r = client.get(
            "/api/v1/countries", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="10.7.7.7"
        )
        assert r.status_code == 429
        assert r["Content-Type"] == "application/problem+json"
        assert r.json()["type"] == "urn:problem-type:foro:tooManyRequests"
        assert 0 < int(r["Retry-After"]) <= settings.FORO_LOCKOUT_MINUTES * 60 + 1
    r = client.get("/api/v1/countries", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.0.0.9")
    assert r.status_code == 200  # another address is not throttled
    lockout.token_unthrottle(actor=accounts["admin"], ip="10.7.7.7")
    r = client.get("/api/v1/countries", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.7.7.7")
    assert r.status_code == 200


@pytest.mark.django_db
def test_the_client_address_behind_proxies_is_the_one_the_proxy_saw(rf, settings):
    settings.FORO_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.1.1", REMOTE_ADDR="127.0.0.1")
    assert lockout.client_ip(request) == "10.1.1.1"  # the spoofed first hop is ignored
    settings.FORO_PROXY_COUNT = 0
    assert lockout.client_ip(request) == "127.0.0.1"


# ---------------------------------------------------------------- headers and CSP

KEY_PAGES = {
    None: ["/", "/login/", "/verify/", "/open-data/"],
    "applicant": ["/", "/portal/", "/account/"],
    "officer": [
        "/",
        "/licensing/",
        "/screening/",
        "/countries/",
        "/organisations/",
    ],
    "management": ["/", "/reports/"],
    "admin": ["/", "/operations/"],
}
_SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
_HANDLER = re.compile(r"""<[^>]+\son[a-z]+\s*=""", re.I)


def _inline_scripts(html: str) -> list[str]:
    return [
        attrs
        for attrs in _SCRIPT.findall(html)
        if "src=" not in attrs and 'type="application/json"' not in attrs
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(KEY_PAGES))
def test_key_pages_have_the_csp_and_no_inline_script(accounts, who):
    client = Client()
    if who:
        client.force_login(accounts[who])
    for url in KEY_PAGES[who]:
        r = client.get(url, follow=True)
        assert r.status_code == 200, url
        csp = r["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert "camera=()" in r["Permissions-Policy"]
        assert r["Referrer-Policy"] == "same-origin"
        assert r["X-Content-Type-Options"] == "nosniff"
        html = r.content.decode()
        assert _inline_scripts(html) == [], url
        assert not _HANDLER.search(html), url


def test_no_template_has_inline_script_or_event_handlers():
    found = []
    for path in (ROOT / "foro").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if _inline_scripts(text) or _HANDLER.search(text) or "javascript:" in text:
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_the_api_answers_have_the_csp_too(client, db):
    r = client.get("/api/v1/openapi.json")
    assert "default-src 'self'" in r["Content-Security-Policy"]


# ---------------------------------------------------------------- start-up refusals


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FORO_")}
    clean.update(env)
    clean.setdefault("FORO_VAR_DIR", str(ROOT / "var"))
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "secret", ["", "foro-insecure-development-key-do-not-use-in-production", "short", "a" * 40]
)
def test_the_wsgi_application_refuses_a_known_or_weak_secret_in_production(secret):
    result = _python("import foro.wsgi", FORO_SECRET_KEY=secret)
    assert result.returncode != 0
    assert "refuses to start in production mode" in result.stderr


def test_the_wsgi_application_starts_with_a_real_secret_or_in_demo_mode():
    assert (
        _python("import foro.wsgi", FORO_SECRET_KEY="k3Jx9-vQ2mZr7Lp0sT4wYb8Nc1Hd6Fg5").returncode
        == 0
    )
    assert _python("import foro.wsgi", FORO_DEMO_MODE="1").returncode == 0


def test_cookies_are_secure_behind_tls():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='foro.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    assert _python(code, FORO_HTTPS="1").stdout.split()[:5] == ["True"] * 4 + ["31536000"]
    assert _python(code).stdout.split()[:3] == ["False"] * 3


@pytest.mark.django_db
def test_a_former_employee_loses_session_token_and_password_at_once(accounts):
    """Deactivating an account (the administrator's step when someone leaves) ends
    everything at once: the open browser session, every API token, the password."""
    officer = accounts["officer"]
    _t, secret = apitoken_create(actor=officer, name="script")
    session = Client()
    session.force_login(officer)
    assert session.get("/licensing/").status_code == 200
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    r = session.get("/licensing/")
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    r = Client().get("/api/v1/countries", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 401
    fresh = Client()
    _sign_in(fresh, "officer", "demo")
    assert not _signed_in(fresh)
