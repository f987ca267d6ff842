"""Property-based fuzzing of the whole API (issue 16) with Schemathesis: every operation of
the live OpenAPI document (/api/v1/openapi.json), called anonymously and with an API token
of each role, with requests generated from the schema (valid ones and, in "negative"
mode, invalid ones). Every answer must be

- no server error (5xx),
- a status code the operation documents, with a documented Content-Type,
- a body that conforms to the documented schema (and documented headers).

Requests go through Django's WSGI handler in this process (no server), and each example
runs inside a transaction that is rolled back, so writes run too and leave nothing behind.

The run is bounded and deterministic for CI (a fixed seed, derandomised generation, no
example database): ``FORO_FUZZ_EXAMPLES`` examples per operation and role (default 2;
anonymous callers get one, they are refused before any input is read except on the public
endpoints). A longer exploration locally::

    FORO_FUZZ_EXAMPLES=100 .venv/bin/pytest tests/hardening/test_fuzz_api.py -n 2 -q

``FORO_FUZZ_SEED`` changes the seed (to explore other inputs), ``-k officer`` narrows the
run to one role, ``-k "POST and licensing"`` to some operations.

Findings fixed with the first runs (each with a regression test below): a 500 when a
list of ids in a body held an integer too big for the database; a POST to an
unknown API path answered Django's HTML CSRF page instead of a problem; the reference
lists answer 404 for an unknown ``version`` and the IATI files before their first
publication, and the denials export 422 when there is nothing to export, without
documenting it.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from foro.api import api
from foro.core.services import apitoken_create

EXAMPLES = int(os.environ.get("FORO_FUZZ_EXAMPLES", "2"))
SEED = int(os.environ.get("FORO_FUZZ_SEED", "16"))
#: demo accounts, one per role
ROLES = ["applicant", "officer", "senior", "policy", "devcoop", "post", "management", "admin"]
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "response_headers_conformance",
]

_django = WSGIHandler()


def _app(environ: dict[str, Any], start_response: Any) -> Any:
    return _django(environ, start_response)


def _schema(examples: int) -> Any:
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {
                "max-examples": examples,
                "deterministic": True,
                "database": "none",
                "mode": "all",
                # the caller's token is ours; generated Authorization headers would only
                # trip the invalid-token throttle
                "with-security-parameters": False,
            },
            # Phases that ignore max-examples: the coverage phase alone sent hundreds of
            # requests per operation; stateful runs need links the document does not have.
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
            "checks": {"enabled": False, **{c: {"enabled": True} for c in CHECKS}},
        }
    )
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _app, config=config)


schema = _schema(EXAMPLES)
anonymous_schema = _schema(max(1, EXAMPLES // 2))


@pytest.fixture
def same_connection():
    """Django's handler closes the database connection around a request (as a server's
    would); the test's transaction lives on that connection, so keep it open, as Django's
    test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(role: str, accounts) -> dict[str, str]:
    _token, secret = apitoken_create(actor=accounts[role], name="fuzz")
    return {"Authorization": f"Bearer {secret}"}


def _call(case: Any, headers: dict[str, str]) -> None:
    with transaction.atomic():  # each example's writes are undone
        case.call_and_validate(headers=headers)
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck))  # the token fixture serves every example
def test_api_as_role(case, role, bearer, same_connection):
    _call(case, bearer)


@anonymous_schema.parametrize()
@settings(suppress_health_check=list(HealthCheck))
def test_api_anonymously(case, reference, same_connection):
    _call(case, {})


# ---------------------------------------------------------------- what the fuzzing found


def _documented(path: str, method: str = "get") -> set[int]:
    doc = api.get_openapi_schema(path_prefix="/api/v1")
    return {int(s) for s in doc["paths"][path][method]["responses"]}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "officer"])
def test_a_write_to_an_unknown_api_path_is_a_problem_not_a_csrf_page(accounts, role):
    client = Client(enforce_csrf_checks=True)
    headers = {}
    if role:
        _token, secret = apitoken_create(actor=accounts[role], name="script")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    for url in ("/api/v1/reports/publications/not-a-number/withdraw", "/api/v1/no/such/thing"):
        r = client.post(url, "{}", content_type="application/json", **headers)
        assert r.status_code == 404, (url, r.status_code)
        assert r["Content-Type"] == "application/problem+json"
        assert r.json()["type"] == "urn:problem-type:foro:notFound"


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", ["military-list", "dual-use", "criteria", "embargoes"])
def test_an_unknown_reference_version_is_a_documented_404(accounts, dataset):
    client = Client()
    client.force_login(accounts["officer"])
    r = client.get(f"/api/v1/reference/{dataset}", {"version": 999999})
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"
    assert 404 in _documented(f"/api/v1/reference/{dataset}")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["activities", "organisation"])
def test_an_iati_file_not_yet_published_is_a_documented_404(reference, name):
    path = f"/api/v1/devcoop/iati/{name}.xml"
    r = Client().get(path)
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"
    assert 404 in _documented(path)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["objectives", "partners"])
def test_an_id_too_big_for_the_database_is_refused_not_a_500(accounts, field):
    _token, secret = apitoken_create(actor=accounts["post"], name="script")
    body = {"kind": "economic", "title": "T", "body": "B", "classification": "internal"}
    r = Client().post(
        "/api/v1/network/reports",
        {**body, field: [1, 2**70]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert r.status_code == 422, r.content
    assert any(e["field"].startswith(field) for e in r.json()["errors"])


@pytest.mark.django_db
def test_the_denials_export_documents_its_422(accounts):
    _token, secret = apitoken_create(actor=accounts["senior"], name="script")
    r = Client().post("/api/v1/licensing/denials/export", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code in _documented("/api/v1/licensing/denials/export", "post")
    assert 422 in _documented("/api/v1/licensing/denials/export", "post")
