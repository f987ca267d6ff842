"""API clients: a personal token writes without a CSRF token, a browser session does not.

Every write operation of the API (every POST, PUT, PATCH and DELETE of every router) is in
``WRITES``, with the state it needs (a module lists its own writes in
``tests/api_writes/<module>.py``); ``test_every_write_operation_is_covered`` fails when an
operation is added without a case here. Each case is run with a bearer token through a
client that enforces CSRF (it must succeed) and with a signed-in session without a CSRF
token (it must be refused, and nothing written). One write per router also goes through a
real HTTP server."""

from __future__ import annotations

import io
import json
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from foro.core.models import AuditEvent
from foro.core.services import apitoken_create
from foro.licensing import services
from foro.licensing.tests.conftest import PDF, assessed, draft, granted, proposed, submitted
from foro.licensing.tests.test_api import camel
from tests.api_writes import V1, Write, module_writes


def _future() -> str:
    return (timezone.localdate() + timedelta(days=30)).isoformat()


# ---------------------------------------------------------------- the state each write needs


def _draft(accounts) -> dict[str, Any]:
    return {"app_id": draft(accounts["applicant"]).pk}


def _submitted(accounts) -> dict[str, Any]:
    return {"app_id": submitted(accounts).pk}


def _under_assessment(accounts) -> dict[str, Any]:
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    return {"app_id": app.pk}


def _information_requested(accounts) -> dict[str, Any]:
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    services.information_request(
        actor=accounts["officer"], application=app, question="Who is the end user?"
    )
    return {"app_id": app.pk}


def _consulting(accounts, answered: bool = False) -> dict[str, Any]:
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    consultation = services.consultation_start(
        actor=accounts["officer"],
        application=app,
        body="defence",
        question="Any objection?",
        due_date=timezone.localdate() + timedelta(days=10),
    )
    if answered:
        services.consultation_answer(
            actor=accounts["officer"],
            consultation=consultation,
            outcome="no_objection",
            answer="None.",
        )
    return {"app_id": app.pk, "consultation_id": consultation.pk}


def _assessed(accounts) -> dict[str, Any]:
    return {"app_id": assessed(accounts).pk}


def _proposed(accounts) -> dict[str, Any]:
    return {"app_id": proposed(accounts).pk}


def _licence(accounts) -> dict[str, Any]:
    lic = granted(accounts, "export-dual-use").licence
    return {"licence_id": lic.pk, "line_id": lic.lines.get().pk}


def _hit(accounts) -> dict[str, Any]:
    from foro.screening.services import subject_screen
    from foro.screening.tests.helpers import register

    hits = subject_screen(
        subject=register("Ivan Sergeyevich Petrov", subject_id="petrov", kind="person")
    )
    assert hits, "the watch list should match"
    return {"hit_id": hits[0].pk}


def _publication(accounts) -> dict[str, Any]:
    from foro.reporting.periods import from_code
    from foro.reporting.services import publication_publish

    pub = publication_publish(actor=accounts["management"], period=from_code("2025-H1"))
    return {"pub_id": pub.pk}


def _nothing(accounts) -> dict[str, Any]:
    return {}


A = f"{V1}/licensing/applications/{{app_id}}"
CORE_WRITES = [
    Write(
        "POST",
        f"{V1}/licensing/applications",
        "applicant",
        _nothing,
        lambda p: camel("export-military"),
        201,
        expect={"status": "draft"},
    ),
    Write(
        "PATCH",
        A,
        "applicant",
        _draft,
        lambda p: {"endUse": "Spare parts"},
        expect={"endUse": "Spare parts"},
    ),
    Write(
        "POST",
        f"{A}/documents",
        "applicant",
        _draft,
        lambda p: {"kind": "contract", "file": io.BytesIO(PDF)},
        201,
        multipart=True,
        expect={"kind": "contract"},
    ),
    Write("POST", f"{A}/submit", "applicant", _draft, None, expect={"status": "submitted"}),
    Write(
        "POST",
        f"{A}/withdraw",
        "applicant",
        _draft,
        lambda p: {"reason": "No longer needed"},
        expect={"status": "withdrawn"},
    ),
    Write(
        "POST",
        f"{A}/assign",
        "senior",
        _submitted,
        lambda p: {"officer": "officer"},
        expect={"assignedOfficer": "officer"},
    ),
    Write(
        "POST",
        f"{A}/start-assessment",
        "officer",
        _submitted,
        None,
        expect={"status": "under_assessment"},
    ),
    Write(
        "POST",
        f"{A}/information-requests",
        "officer",
        _under_assessment,
        lambda p: {"question": "Who is the end user?"},
        expect={"status": "information_requested"},
    ),
    Write(
        "POST",
        f"{A}/information-answer",
        "applicant",
        _information_requested,
        lambda p: {"answer": "The Canadian Army."},
        expect={"status": "under_assessment"},
    ),
    Write(
        "POST",
        f"{A}/consultations",
        "officer",
        _under_assessment,
        lambda p: {"body": "defence", "question": "Any objection?", "dueDate": _future()},
        expect={"status": "consultation"},
    ),
    Write(
        "POST",
        f"{V1}/licensing/consultations/{{consultation_id}}/answer",
        "officer",
        _consulting,
        lambda p: {"outcome": "no_objection", "answer": "None."},
        expect={"status": "consultation"},
    ),
    Write(
        "POST",
        f"{A}/close-consultation",
        "officer",
        lambda accounts: _consulting(accounts, answered=True),
        None,
        expect={"status": "under_assessment"},
    ),
    Write(
        "PUT",
        f"{A}/assessments/{{criterion}}",
        "officer",
        lambda accounts: {**_under_assessment(accounts), "criterion": 3},
        lambda p: {"risk": "low", "reasoning": "No concern."},
    ),
    Write(
        "POST",
        f"{A}/proposal",
        "officer",
        _assessed,
        lambda p: {"decision": "grant", "reasoning": "Fine."},
        expect={"status": "decision_proposed"},
    ),
    Write(
        "POST",
        f"{A}/countersign",
        "senior",
        _proposed,
        lambda p: {},
        # no API token countersigns (docs/security.md); a recent session does
        status=403,
        expect={"type": "urn:problem-type:foro:reauthenticationRequired"},
    ),
    Write(
        "POST",
        f"{A}/send-back",
        "senior",
        _proposed,
        lambda p: {"comment": "Look at criterion 7 again."},
        expect={"status": "under_assessment"},
    ),
    Write("POST", f"{A}/checks", "officer", _submitted, None),
    Write(
        "POST",
        f"{V1}/licensing/licences/{{licence_id}}/exports",
        "applicant",
        _licence,
        lambda p: {
            "lineId": p["line_id"],
            "shippedOn": timezone.localdate().isoformat(),
            "quantity": "1",
            "valueEur": "10",
            "customsDeclaration": "26BE000000000001",
        },
        201,
    ),
    Write(
        "POST",
        f"{V1}/licensing/licences/{{licence_id}}/status",
        "senior",
        _licence,
        lambda p: {"action": "suspend", "reason": "Under investigation."},
        expect={"status": "suspended"},
    ),
    Write("POST", f"{V1}/screening/matches", "officer", _nothing, lambda p: {"name": "Petrov"}),
    Write(
        "POST",
        f"{V1}/screening/hits/{{hit_id}}/disposition",
        "officer",
        _hit,
        lambda p: {"status": "false_positive", "reason": "Born 1990, not 1965."},
        expect={"status": "false_positive"},
    ),
    Write(
        "POST",
        f"{V1}/reports/publications",
        "management",
        _nothing,
        lambda p: {"period": "2025-H1"},
        201,
        expect={"state": "published"},
    ),
    Write(
        "POST",
        f"{V1}/reports/publications/{{pub_id}}/withdraw",
        "management",
        _publication,
        lambda p: {"reason": "Wrong figures."},
        expect={"state": "withdrawn"},
    ),
]


#: Every write: the foundation's above, and each module's list in tests/api_writes/<module>.py.
WRITES = CORE_WRITES + module_writes()


def _send(client: Client, write: Write, params: dict[str, Any], **headers: str):
    url = write.url(params)
    body = write.body(params) if write.body else None
    if write.multipart:
        return client.post(url, body, **headers)
    return client.generic(
        write.method,
        url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        **headers,
    )


def test_every_write_operation_is_covered():
    from foro.api import api

    spec = api.get_openapi_schema(path_prefix=f"{V1}/")
    writes = {
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }
    assert writes == {w.id for w in WRITES}


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.id)
def test_a_token_writes_without_a_csrf_token(accounts, watchlist, write):
    params = write.setup(accounts)
    _token, secret = apitoken_create(actor=accounts[write.role], name="script")
    client = Client(enforce_csrf_checks=True)
    response = _send(client, write, params, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == write.status, response.content
    body = response.json()
    for key, value in write.expect.items():
        assert body[key] == value, key


@pytest.mark.parametrize("write", WRITES, ids=lambda w: w.id)
def test_a_session_write_without_the_csrf_token_is_refused(accounts, watchlist, write):
    params = write.setup(accounts)
    events = AuditEvent.objects.count()
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts[write.role])
    response = _send(client, write, params)
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:problem-type:foro:forbidden" and "CSRF" in body["detail"]
    assert AuditEvent.objects.count() == events


def test_a_session_write_with_the_csrf_token_is_accepted(accounts):
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts["applicant"])
    secret = "k" * 32  # a CSRF secret as Django sets it in the cookie
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    response = client.post(
        f"{V1}/licensing/applications",
        camel("export-military"),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=secret,
    )
    assert response.status_code == 201, response.content


def test_an_invalid_token_does_not_fall_back_to_the_session(accounts):
    """A request that brings a bearer token is judged on the token alone."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts["applicant"])
    response = client.post(
        f"{V1}/licensing/applications",
        camel("export-military"),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer foro_not_a_real_token",
    )
    assert response.status_code == 401
    assert response.json()["type"] == "urn:problem-type:foro:unauthenticated"


def test_an_anonymous_write_is_unauthenticated_not_a_csrf_failure(reference):
    response = Client(enforce_csrf_checks=True).post(
        f"{V1}/licensing/applications", {"kind": "export-military"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_reads_and_writes_as_its_user(accounts):
    """The token's user acts, not whoever's session cookie came along."""
    _token, secret = apitoken_create(actor=accounts["applicant"], name="script")
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts["officer"])
    me = client.get(f"{V1}/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.json()["username"] == "applicant"


# ---------------------------------------------------------------- over real HTTP


def _http(live_server, method: str, path: str, secret: str, body: Any = None):
    request = urllib.request.Request(
        live_server.url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


@pytest.mark.django_db(transaction=True)
def test_licensing_writes_over_http_with_only_a_token(live_server, accounts, prior_authorised):
    _token, secret = apitoken_create(actor=accounts["applicant"], name="script")
    status, _headers, app = _http(
        live_server, "POST", f"{V1}/licensing/applications", secret, camel("transfer-intra-eu")
    )
    assert status == 201, app
    status, _headers, app = _http(
        live_server,
        "PATCH",
        f"{V1}/licensing/applications/{app['id']}",
        secret,
        {"applicantReference": "PO-42", "revision": app["revision"]},
    )
    assert (status, app["applicantReference"]) == (200, "PO-42")
    status, _headers, app = _http(
        live_server, "POST", f"{V1}/licensing/applications/{app['id']}/submit", secret
    )
    assert (status, app["status"]) == (200, "submitted"), app
    # and the API still refuses what it does not know, over HTTP too
    status, headers, problem = _http(
        live_server,
        "POST",
        f"{V1}/licensing/applications",
        secret,
        {**camel("transfer-intra-eu"), "urgency": "high"},
    )
    assert status == 422 and headers["Content-Type"] == "application/problem+json"
    assert problem["errors"] == [
        {"field": "urgency", "code": "unknown_field", "message": problem["errors"][0]["message"]}
    ]


@pytest.mark.django_db(transaction=True)
def test_screening_writes_over_http_with_only_a_token(live_server, accounts, watchlist):
    _token, secret = apitoken_create(actor=accounts["officer"], name="script")
    status, _headers, body = _http(
        live_server, "POST", f"{V1}/screening/matches", secret, {"name": "Ivan Petrov"}
    )
    assert status == 200, body
    assert body["results"][0]["hits"]
    hit_id = _hit(accounts)["hit_id"]
    status, _headers, body = _http(
        live_server,
        "POST",
        f"{V1}/screening/hits/{hit_id}/disposition",
        secret,
        {"status": "confirmed", "reason": "Same date of birth."},
    )
    assert (status, body["status"]) == (200, "confirmed"), body


@pytest.mark.django_db(transaction=True)
def test_reports_writes_over_http_with_only_a_token(live_server, accounts):
    _token, secret = apitoken_create(actor=accounts["management"], name="script")
    status, _headers, body = _http(
        live_server, "POST", f"{V1}/reports/publications", secret, {"period": "2025-H1"}
    )
    assert (status, body["state"]) == (201, "published"), body
    status, _headers, body = _http(
        live_server,
        "POST",
        f"{V1}/reports/publications/{body['id']}/withdraw",
        secret,
        {"reason": "Wrong figures."},
    )
    assert (status, body["state"]) == (200, "withdrawn"), body
