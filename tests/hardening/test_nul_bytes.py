"""NUL characters never reach the database (PostgreSQL refuses them in text columns, which
was a 500): the API refuses them with a field error, pages strip them from form fields and
query parameters. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from foro.core.models import AuditEvent
from foro.core.services import apitoken_create
from foro.licensing.models import Application
from foro.licensing.tests.conftest import draft
from tests.test_api_clients import WRITES

NUL = "\x00"


def _poison(value: Any) -> tuple[Any, list[Any]] | None:
    """``value`` with a NUL in its first string, and that string's path."""
    if isinstance(value, str):
        return value[:1] + NUL + value[1:], []
    if isinstance(value, dict):
        for key, item in value.items():
            found = _poison(item)
            if found:
                return {**value, key: found[0]}, [key, *found[1]]
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _poison(item)
            if found:
                return [*value[:i], found[0], *value[i + 1 :]], [i, *found[1]]
    return None


class _AnyParams(dict):
    """The state a body reads, as placeholders: enough to see whether it carries text."""

    def __missing__(self, key: str) -> int:
        return 999999


#: the JSON writes whose body carries text to poison (a body of ids and flags has none)
WITH_TEXT = [
    w for w in WRITES if w.body and not w.multipart and _poison(w.body(_AnyParams())) is not None
]


def test_most_writes_take_text():
    assert len(WITH_TEXT) >= 15


@pytest.mark.django_db
@pytest.mark.parametrize("write", WITH_TEXT, ids=lambda w: w.id)
def test_a_nul_in_any_api_write_is_refused_and_nothing_is_written(accounts, watchlist, write):
    params = write.setup(accounts)
    body = write.body(params) if write.body else None
    poisoned = _poison(body)
    assert poisoned is not None, "a body with text at collection has text here too"
    body, path = poisoned
    _t, secret = apitoken_create(actor=accounts[write.role], name="nul")
    events = AuditEvent.objects.count()
    r = Client(raise_request_exception=False).generic(
        write.method,
        write.url(params),
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert r.status_code == 422, r.content
    assert r["Content-Type"] == "application/problem+json"
    errors = r.json()["errors"]
    assert errors[0]["code"] == "invalid" and "NUL" in errors[0]["message"]
    assert errors[0]["field"].split(".")[0] == _camel(path[0])
    assert AuditEvent.objects.count() == events


def _camel(name: Any) -> str:
    from pydantic.alias_generators import to_camel

    return to_camel(name) if isinstance(name, str) else str(name)


@pytest.mark.django_db
def test_a_lone_surrogate_and_a_nul_in_a_key_are_refused(accounts):
    _t, secret = apitoken_create(actor=accounts["applicant"], name="nul")
    raw = '{"endUse": "a\\ud800b", "x\\u0000": 1}'
    r = Client().post(
        "/api/v1/licensing/applications",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"endUse", "x\x00"}


@pytest.mark.django_db
def test_a_nul_in_an_api_query_or_path_is_refused(accounts):
    client = Client(raise_request_exception=False)
    client.force_login(accounts["officer"])
    r = client.get("/api/v1/organisations", {"q": "ac\x00me"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "q"
    r = client.get("/api/v1/countries/B%00E")
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_nul_in_a_page_form_is_stripped_and_the_rest_saved(client, accounts):
    app = draft(accounts["applicant"])
    app.refresh_from_db()
    client.force_login(accounts["applicant"])
    form = {
        "revision": str(app.revision),
        "destination": "CA",
        "end_use": "Hunting\x00 rifles for a club",
        "applicant_reference": "REF\x00-1",
        "goods-TOTAL_FORMS": "0",
        "goods-INITIAL_FORMS": "0",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }
    r = client.post(f"/portal/applications/{app.pk}/edit/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    saved = Application.objects.get(pk=app.pk)
    assert saved.end_use == "Hunting rifles for a club"
    assert saved.applicant_reference == "REF-1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/organisations/?q=ac%00me",
        "/countries/?q=Bel%00",
        "/countries/B%00E/",
        "/licensing/?q=%00",
        "/search/?q=%00",
    ],
)
def test_a_nul_in_a_page_query_or_path_is_never_a_500(client, accounts, url):
    client.raise_request_exception = False
    client.force_login(accounts["officer"])
    r = client.get(url)
    assert r.status_code in (200, 302, 404), (url, r.status_code)


@pytest.mark.django_db
def test_a_nul_in_the_login_form_is_not_a_500(client, accounts):
    r = Client(raise_request_exception=False).post(
        "/login/", {"username": "offi\x00cer", "password": "wrong\x00"}
    )
    assert r.status_code == 200
