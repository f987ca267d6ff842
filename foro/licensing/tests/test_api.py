"""The licensing API: the life cycle through HTTP, with the same permissions as the pages."""

import copy
import io

import pytest
from pypdf import PdfReader

from foro.licensing.models import Licence
from foro.licensing.tests.conftest import GOOD_DATA, PDF, granted

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")

API = "/api/v1/licensing"


def camel(kind: str) -> dict:
    data = GOOD_DATA[kind]
    return {
        "kind": kind,
        "destination": data["destination"],
        "endUse": data["end_use"],
        "goods": [
            {
                "description": g["description"],
                "controlEntry": g["control_entry"],
                "cnCode": g["cn_code"],
                "quantity": g["quantity"],
                "unit": g["unit"],
                "valueEur": g["value_eur"],
            }
            for g in data["goods"]
        ],
        "parties": copy.deepcopy(data["parties"]),
    }


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", list(GOOD_DATA))
def test_life_cycle_through_the_api(client, accounts, watchlist, kind):
    as_user(client, accounts["applicant"])
    r = client.post(f"{API}/applications", camel(kind), content_type="application/json")
    assert r.status_code == 201, r.content
    app = r.json()
    assert app["status"] == "draft" and app["allowedActions"] == ["submit", "withdraw"]
    assert "checks" not in app  # the applicant's schema
    if kind != "transfer-intra-eu":
        up = client.post(
            f"{API}/applications/{app['id']}/documents",
            {"kind": "end_user_certificate", "file": io.BytesIO(PDF)},
        )
        assert up.status_code == 201, up.content
    r = client.post(f"{API}/applications/{app['id']}/submit")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "submitted"

    as_user(client, accounts["officer"])
    assert client.post(f"{API}/applications/{app['id']}/start-assessment").status_code == 200
    for c in range(1, 9):
        r = client.put(
            f"{API}/applications/{app['id']}/assessments/{c}",
            {"risk": "low", "reasoning": "ok"},
            content_type="application/json",
        )
        assert r.status_code == 200, r.content
    case = r.json()
    assert len(case["assessments"]) == 8 and {c["checkName"] for c in case["checks"]} >= {
        "embargo",
        "sanctions",
    }
    r = client.post(
        f"{API}/applications/{app['id']}/proposal",
        {"decision": "grant", "reasoning": "fine"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content

    as_user(client, accounts["senior"])
    r = client.post(
        f"{API}/applications/{app['id']}/countersign", {}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "granted"
    licence_id = r.json()["licenceId"]

    as_user(client, accounts["applicant"])
    pdf = client.get(f"{API}/licences/{licence_id}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    lic = Licence.objects.get(pk=licence_id)
    assert lic.number in text and lic.verification_code in text
    client.logout()
    public = client.get(f"/api/v1/public/licences/{lic.verification_code}")
    assert public.status_code == 200
    assert public.json() == {
        "status": "valid",
        "number": lic.number,
        "kind": kind,
        "holder": "Flandrix Defence Systems NV",
        "destinationCountry": GOOD_DATA[kind]["destination"],
        "validFrom": lic.valid_from.isoformat(),
        "validUntil": lic.valid_until.isoformat(),
        "version": 1,
    }


def test_public_verification_of_an_unknown_code_is_not_found(client, reference):
    r = client.get("/api/v1/public/licences/AAAA-BBBB-CCCC-DDDD")
    assert r.status_code == 404 and r["Content-Type"] == "application/problem+json"


def test_other_organisation_sees_nothing(client, accounts, watchlist):
    app = granted(accounts)
    as_user(client, accounts["applicant2"])
    for url in (
        f"{API}/applications/{app.pk}",
        f"{API}/applications/{app.pk}/timeline",
        f"{API}/licences/{app.licence.pk}",
        f"{API}/licences/{app.licence.pk}/pdf",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r["Content-Type"] == "application/problem+json"
    r = client.patch(
        f"{API}/applications/{app.pk}", {"endUse": "x"}, content_type="application/json"
    )
    assert r.status_code == 404
    listing = client.get(f"{API}/applications").json()
    assert listing["count"] == 0
    assert client.get(f"{API}/licences").json()["count"] == 0


def test_roles_outside_licensing_see_nothing(client, accounts, watchlist):
    app = granted(accounts)
    for role in ("policy", "devcoop", "post", "admin"):
        as_user(client, accounts[role])
        assert client.get(f"{API}/applications").json()["count"] == 0
        assert client.get(f"{API}/applications/{app.pk}").status_code == 404


def test_invalid_input_is_a_problem_listing_every_field(client, accounts):
    as_user(client, accounts["applicant"])
    body = camel("export-military")
    body["goods"][0]["cnCode"] = "12"
    body["goods"][1]["controlEntry"] = "XX1"
    body["parties"][0]["country"] = "QQ"
    r = client.post(f"{API}/applications", body, content_type="application/json")
    assert r.status_code == 422
    errors = r.json()["errors"]
    # the service's 1-based goods[1] is the API's 0-based dotted path, like pydantic's
    assert {e["field"] for e in errors} == {
        "goods.0.cnCode",
        "goods.1.controlEntry",
        "parties.0.country",
    }
    assert {e["code"] for e in errors} == {"invalid"}


def test_stale_revision_is_a_conflict(client, accounts):
    as_user(client, accounts["applicant"])
    app = client.post(
        f"{API}/applications", {"kind": "export-military"}, content_type="application/json"
    ).json()
    ok = client.patch(
        f"{API}/applications/{app['id']}",
        {"endUse": "A", "revision": app["revision"]},
        content_type="application/json",
    )
    assert ok.status_code == 200
    stale = client.patch(
        f"{API}/applications/{app['id']}",
        {"endUse": "B", "revision": app["revision"]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["type"] == "urn:problem-type:foro:conflict"


def test_disallowed_step_is_409_with_a_stable_type(client, accounts, watchlist):
    app = granted(accounts)
    as_user(client, accounts["applicant"])
    r = client.post(f"{API}/applications/{app.pk}/withdraw", {}, content_type="application/json")
    assert r.status_code == 409 and r.json()["type"] == "urn:problem-type:foro:transitionNotAllowed"


def test_applicant_cannot_call_officer_steps(client, accounts, watchlist):
    from foro.licensing.tests.conftest import submitted

    app = submitted(accounts)
    as_user(client, accounts["applicant"])
    r = client.post(f"{API}/applications/{app.pk}/start-assessment")
    assert r.status_code == 403 and r.json()["type"] == "urn:problem-type:foro:forbidden"


def test_export_beyond_the_licence_is_refused(client, accounts, watchlist):
    from datetime import date

    lic = granted(accounts, "export-dual-use").licence
    line = lic.lines.get()
    as_user(client, accounts["applicant"])
    body = {
        "lineId": line.pk,
        "shippedOn": date.today().isoformat(),
        "quantity": "999",
        "valueEur": "1",
        "customsDeclaration": "26BE1",
    }
    r = client.post(f"{API}/licences/{lic.pk}/exports", body, content_type="application/json")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "quantity"
    body["quantity"] = "10"
    r = client.post(f"{API}/licences/{lic.pk}/exports", body, content_type="application/json")
    assert r.status_code == 201
    assert r.json()["lines"][0]["remainingQuantity"] == "240.500"


def test_queue_filters_and_clock_fields(client, accounts, watchlist):
    from foro.licensing.tests.conftest import submitted

    submitted(accounts)
    submitted(accounts, "export-dual-use")
    as_user(client, accounts["officer"])
    body = client.get(f"{API}/applications?kind=export-dual-use").json()
    assert body["count"] == 1 and body["items"][0]["kind"] == "export-dual-use"
    assert body["items"][0]["workingDaysLeft"] is not None
    assert client.get(f"{API}/applications?officer=none").json()["count"] == 2


def test_transition_table_is_published(client, accounts):
    as_user(client, accounts["officer"])
    rows = client.get(f"{API}/transitions").json()
    countersign = next(r for r in rows if r["action"] == "countersign_grant")
    assert (
        countersign["roles"] == ["senior_licensing_officer"]
        and "not_proposer" in countersign["guards"]
    )
