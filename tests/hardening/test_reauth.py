"""Re-authentication before a countersignature (issue 16): a senior officer whose sign-in
is older than FORO_REAUTH_MINUTES is sent to the re-authentication page and back with the
comment they typed; no API token countersigns; a recent browser session does."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from foro.core.models import AuditEvent
from foro.core.services import apitoken_create
from foro.licensing.models import Application, DecisionProposal, Status
from foro.licensing.tests.conftest import proposed

pytestmark = pytest.mark.django_db

REAUTH = "urn:problem-type:foro:reauthenticationRequired"
API = "/api/v1/licensing"


@pytest.fixture(autouse=True)
def _lists(watchlist):
    """A sanctions list loaded, so that a licence can be granted."""


def _signed_in_senior() -> Client:
    """The senior officer signs in with the password, as a person does (English pages)."""
    client = Client()
    r = client.post("/login/", {"username": "senior", "password": "demo"})
    assert r.status_code == 302 and "_auth_user_id" in client.session
    client.cookies["foro_language"] = "en"
    return client


def _later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def _status(app: Application) -> str:
    app.refresh_from_db()
    return app.status


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_a_recent_sign_in_countersigns_from_the_page(accounts, decision):
    app = proposed(accounts, decision=decision)
    client = _signed_in_senior()
    with _later(settings.FORO_REAUTH_MINUTES - 1):
        page = client.get(f"/licensing/applications/{app.pk}/confirm/countersign/")
        assert page.status_code == 200
        r = client.post(
            f"/licensing/applications/{app.pk}/act/countersign/", {"confirm": "1", "comment": "ok"}
        )
    assert r.status_code == 302 and r["Location"].startswith(f"/licensing/applications/{app.pk}")
    assert _status(app) == (Status.GRANTED if decision == "grant" else Status.REFUSED)


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_an_old_sign_in_goes_to_reauthentication_and_back_with_the_comment(accounts, decision):
    app = proposed(accounts, decision=decision)
    client = _signed_in_senior()
    comment = "Checked with customs — agrees"
    with _later(settings.FORO_REAUTH_MINUTES + 1):
        r = client.post(
            f"/licensing/applications/{app.pk}/act/countersign/",
            {"confirm": "1", "comment": comment},
        )
        # nothing decided: first the password
        assert r.status_code == 302 and r["Location"].startswith("/reauthenticate/?")
        assert _status(app) == Status.DECISION_PROPOSED
        back = parse_qs(urlsplit(r["Location"]).query)["next"][0]
        assert back.startswith(f"/licensing/applications/{app.pk}/confirm/countersign/")

        page = client.get(r["Location"])
        assert page.status_code == 200
        assert f'value="{back}"' in page.content.decode().replace("&amp;", "&")

        wrong = client.post("/reauthenticate/", {"password": "not-it", "next": back})
        assert wrong.status_code == 422
        assert "The password is not correct." in wrong.content.decode()

        right = client.post("/reauthenticate/", {"password": "demo", "next": back})
        assert right.status_code == 302 and right["Location"] == back

        confirm = client.get(back)
        assert confirm.status_code == 200
        assert f'value="{comment}"' in confirm.content.decode()  # what was typed is there

        done = client.post(
            f"/licensing/applications/{app.pk}/act/countersign/",
            {"confirm": "1", "comment": comment},
        )
    assert done.status_code == 302
    assert _status(app) == (Status.GRANTED if decision == "grant" else Status.REFUSED)
    review = DecisionProposal.objects.get(application=app)
    assert review.review_comment == comment and review.reviewed_by == accounts["senior"]


def test_the_confirmation_page_asks_for_the_password_first_when_the_sign_in_is_old(accounts):
    app = proposed(accounts)
    client = _signed_in_senior()
    with _later(settings.FORO_REAUTH_MINUTES + 1):
        r = client.get(f"/licensing/applications/{app.pk}/confirm/countersign/?comment=fine")
    assert r.status_code == 302 and r["Location"].startswith("/reauthenticate/?")
    back = parse_qs(urlsplit(r["Location"]).query)["next"][0]
    assert back == f"/licensing/applications/{app.pk}/confirm/countersign/?comment=fine"


def test_the_reauthentication_page_never_sends_to_another_site(accounts):
    client = _signed_in_senior()
    r = client.post("/reauthenticate/", {"password": "demo", "next": "https://evil.example/x"})
    assert r.status_code == 302 and r["Location"] == "/"


def test_wrong_passwords_on_the_reauthentication_page_lock_the_account(accounts):
    client = _signed_in_senior()
    for _ in range(settings.FORO_LOGIN_MAX_FAILURES):
        client.post("/reauthenticate/", {"password": "guess", "next": "/"})
    r = client.post("/reauthenticate/", {"password": "demo", "next": "/"})
    assert r.status_code == 429
    assert "Too many failed sign-ins" in r.content.decode()


# ---------------------------------------------------------------- the API


def _api_countersign(client: Client, app: Application, **headers: str):
    return client.post(
        f"{API}/applications/{app.pk}/countersign",
        {"comment": "via the API"},
        content_type="application/json",
        **headers,
    )


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_an_api_token_cannot_countersign(accounts, decision):
    app = proposed(accounts, decision=decision)
    _token, secret = apitoken_create(actor=accounts["senior"], name="script")
    events = AuditEvent.objects.count()
    r = _api_countersign(Client(), app, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 403 and r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == REAUTH and body["reauthenticate"] == "/reauthenticate/"
    assert _status(app) == Status.DECISION_PROPOSED
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_a_recent_browser_session_countersigns_over_the_api(accounts, decision):
    app = proposed(accounts, decision=decision)
    client = _signed_in_senior()
    r = _api_countersign(client, app)
    assert r.status_code == 200, r.content
    assert r.json()["status"] == ("granted" if decision == "grant" else "refused")


@pytest.mark.parametrize("decision", ["grant", "refuse"])
def test_an_old_browser_session_cannot_countersign_over_the_api(accounts, decision):
    app = proposed(accounts, decision=decision)
    client = _signed_in_senior()
    with _later(settings.FORO_REAUTH_MINUTES + 1):
        r = _api_countersign(client, app)
    assert r.status_code == 403 and r.json()["type"] == REAUTH
    assert _status(app) == Status.DECISION_PROPOSED


def test_the_proposer_still_cannot_countersign_however_recent_the_sign_in(accounts):
    """Re-authentication adds to the four eyes; it never replaces them."""
    app = proposed(accounts)
    client = Client()
    client.post("/login/", {"username": "officer", "password": "demo"})
    r = _api_countersign(client, app)
    assert r.status_code == 403 and r.json()["type"] != REAUTH
    assert _status(app) == Status.DECISION_PROPOSED


# ---------------------------------------------------------------- amendments and appeals


def test_an_old_sign_in_cannot_countersign_an_amendment_from_the_page(accounts):
    from foro.licensing.services import amendments
    from foro.licensing.tests.conftest import granted

    lic = granted(accounts).licence
    v = amendments.amendment_propose(
        actor=accounts["officer"], licence=lic, kind="amendment", reason="x", conditions="New"
    )
    client = _signed_in_senior()
    with _later(settings.FORO_REAUTH_MINUTES + 1):
        r = client.post(
            f"/licensing/licences/{lic.pk}/versions/{v.pk}/act/countersign/",
            {"confirm": "1", "comment": "fine"},
        )
        assert r.status_code == 302 and r["Location"].startswith("/reauthenticate/?")
        back = parse_qs(urlsplit(r["Location"]).query)["next"][0]
        assert back.endswith("?comment=fine")
        v.refresh_from_db()
        assert v.state == "proposed"
        client.post("/reauthenticate/", {"password": "demo", "next": back})
        assert client.get(back).status_code == 200
        done = client.post(
            f"/licensing/licences/{lic.pk}/versions/{v.pk}/act/countersign/",
            {"confirm": "1", "comment": "fine"},
        )
    assert done.status_code == 302
    v.refresh_from_db()
    assert v.state == "in_force"


def test_an_old_sign_in_cannot_countersign_an_appeal_from_the_page(accounts):
    from foro.licensing.models import Appeal
    from foro.licensing.tests.appeal_helpers import appeal_in

    appeal = appeal_in(accounts, "proposed")
    client = _signed_in_senior()
    with _later(settings.FORO_REAUTH_MINUTES + 1):
        r = client.post(
            f"/licensing/appeals/{appeal.pk}/act/countersign/",
            {"confirm": "1", "comment": "Army confirmed"},
        )
        assert r.status_code == 302 and r["Location"].startswith("/reauthenticate/?")
        assert Appeal.objects.get(pk=appeal.pk).status == "proposed"
        back = parse_qs(urlsplit(r["Location"]).query)["next"][0]
        client.post("/reauthenticate/", {"password": "demo", "next": back})
        page = client.get(back)
        assert ">Army confirmed</textarea>" in page.content.decode()
