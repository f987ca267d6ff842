"""Hostile or broken requests get a 4xx answer, never a 500 (issue 16, found by a probe of
a served instance): a huge ``page`` on every paged list of the OpenAPI document, a multipart
POST without a boundary on every POST, a damaged ``revision`` on the portal's edit form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from foro.api import api
from foro.core.services import apitoken_create
from foro.licensing.models import Application
from foro.licensing.tests.conftest import draft

HUGE_PAGES = ["9223372036854775807", "11345498057975237967872", str(10**400)]
CSRF = "a" * 32


def _operations(method: str) -> list[tuple[str, dict[str, Any]]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return [(path, ops[method]) for path, ops in sorted(schema["paths"].items()) if method in ops]


def _paged_lists() -> list[str]:
    return [
        path
        for path, op in _operations("get")
        if any(p["name"] == "page" and p["in"] == "query" for p in op.get("parameters", []))
    ]


def _concrete(path: str) -> str:
    """A path with every ``{param}`` filled (``1``: the body is refused before the lookup)."""
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_walk_finds_the_lists_and_posts():
    lists = _paged_lists()
    assert "/api/v1/public/open-data/periods" in lists
    assert "/api/v1/organisations" in lists
    assert len(lists) >= 6
    assert len(_operations("post")) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "applicant", "officer", "admin"])
def test_a_huge_page_is_an_empty_page_on_every_list(accounts, who):
    client = Client(raise_request_exception=False)
    if who:
        client.force_login(accounts[who])
    for path in _paged_lists():
        for page in HUGE_PAGES:
            r = client.get(_concrete(path), {"page": page})
            assert r.status_code < 500, (path, page, r.status_code)
            if r.status_code == 200:
                body = r.json()
                assert body["items"] == [], path
                assert body["links"]["next"] is None
            else:
                assert r["Content-Type"] == "application/problem+json", path


@pytest.mark.django_db
def test_page_zero_and_a_negative_page_are_refused(accounts):
    client = Client()
    r = client.get("/api/v1/public/open-data/periods", {"page": "-9223372036854775809"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "page"


def _boundaryless_post(client: Client, path: str, **headers: str):
    return client.post(
        _concrete(path), data=b"--x\r\n\r\n", content_type="multipart/form-data", **headers
    )


@pytest.mark.django_db
def test_a_multipart_post_without_boundary_is_a_400_on_every_post(accounts):
    """A signed-in session with its CSRF cookie and header: the CSRF check reads the form,
    which fails to parse; with a token the operation reads the body."""
    session = Client(enforce_csrf_checks=True, raise_request_exception=False)
    session.force_login(accounts["officer"])
    session.cookies["csrftoken"] = CSRF
    _, token = apitoken_create(actor=accounts["officer"], name="probe")
    bearer = Client(enforce_csrf_checks=True, raise_request_exception=False)
    anonymous = Client(enforce_csrf_checks=True, raise_request_exception=False)
    anonymous.cookies["csrftoken"] = CSRF
    before = Application.objects.count()
    for path, op in _operations("post"):
        for who, client, headers in (
            ("session", session, {"HTTP_X_CSRFTOKEN": CSRF}),
            ("session without header", session, {}),
            ("token", bearer, {"HTTP_AUTHORIZATION": f"Bearer {token}"}),
            ("anonymous", anonymous, {"HTTP_X_CSRFTOKEN": CSRF}),
        ):
            r = _boundaryless_post(client, path, **headers)
            assert r["Content-Type"] == "application/problem+json", (who, path)
            if who == "anonymous":
                assert r.status_code in (400, 401), (who, path, r.status_code)
            elif "requestBody" in op or who.startswith("session"):
                # the CSRF check (a session) or the operation (a token) reads the body
                assert r.status_code in (400, 422), (who, path, r.status_code)
            else:  # an operation without a body never reads it: its own answer
                assert 400 <= r.status_code < 500, (who, path, r.status_code)
    assert Application.objects.count() == before


@pytest.mark.django_db
def test_a_boundaryless_upload_to_a_page_is_a_400_not_a_500(accounts):
    client = Client(raise_request_exception=False)
    client.force_login(accounts["applicant"])
    app = draft(accounts["applicant"])
    r = _boundaryless_post(client, f"/portal/applications/{app.pk}/edit/")
    assert r.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("revision", ["x", "1e5", "²", "9" * 40, "-1"])
def test_a_damaged_revision_on_the_portal_edit_form_is_a_clear_message(client, accounts, revision):
    app = draft(accounts["applicant"])
    client.force_login(accounts["applicant"])
    client.cookies["foro_language"] = "en"
    app.refresh_from_db()
    before = app.revision
    form = {
        "revision": revision,
        "destination": "CA",
        "end_use": "Typed and not lost",
        "goods-TOTAL_FORMS": "0",
        "goods-INITIAL_FORMS": "0",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }
    r = client.post(f"/portal/applications/{app.pk}/edit/", form)
    assert r.status_code == 400
    html = r.content.decode()
    assert "its revision is not a number" in html
    assert "Typed and not lost" in html
    app.refresh_from_db()
    assert app.revision == before and app.end_use != "Typed and not lost"
