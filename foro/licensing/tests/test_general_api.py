"""The API of general licences: the licences' conditions as data, registrations, usage
reports, suspension and prior authorisations, per role (grant and denial). Another company
finds nothing: its rows answer 404, never 403, and its lists are empty."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login
from foro.core.models import AuditEvent
from foro.licensing.general_licences import general_licences
from foro.licensing.models_general import GeneralLicenceRegistration, GeneralLicenceReport
from foro.licensing.tests.test_general_services import FLEMISH, granted, registered

pytestmark = pytest.mark.django_db

V = "/api/v1/licensing"
PROBLEM = "application/problem+json"


def _post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def _report_body(**overrides) -> dict:
    today = timezone.localdate()
    body = {
        "periodStart": (today - timedelta(days=180)).isoformat(),
        "periodEnd": today.isoformat(),
        "destination": "NL",
        "goodsDescription": "Thermal imaging sights",
        "controlEntry": "ML15.c",
        "valueEur": "120000.50",
    }
    body.update(overrides)
    return body


# ---------------------------------------------------------------- the licences


@pytest.mark.parametrize("who", ["applicant", "officer", "senior", "management"])
def test_the_licences_and_their_conditions_as_data(accounts, client, who):
    login(client, accounts[who])
    body = client.get(f"{V}/general-licences?pageSize=200").json()
    assert body["count"] == len(general_licences())
    eu001 = next(g for g in body["items"] if g["code"] == "general-export-eu001")
    assert eu001["priorAuthorisationRequired"] is True
    assert eu001["reportPeriodMonths"] > 0 and isinstance(eu001["toConfirm"], list)
    one = client.get(f"{V}/general-licences/{FLEMISH}").json()
    assert one["destinations"] == "eu-member" and one["goodsPrefixes"] == ["ML"]
    missing = client.get(f"{V}/general-licences/general-nope")
    assert missing.status_code == 404 and missing["Content-Type"] == PROBLEM


@pytest.mark.parametrize("who", ["policy", "devcoop", "post", "admin"])
def test_roles_outside_licensing_read_nothing(accounts, client, who):
    reg = registered(accounts)
    login(client, accounts[who])
    for url in (
        f"{V}/general-licences",
        f"{V}/general-registrations",
        f"{V}/general-registrations/{reg.pk}",
        f"{V}/prior-authorisations",
        f"{V}/prior-authorisations/{reg.prior_authorisation_id}",
    ):
        answer = client.get(url)
        assert answer.status_code == 403, url
        assert answer["Content-Type"] == PROBLEM


def test_anonymous_is_asked_to_sign_in(client):
    assert client.get(f"{V}/general-licences").status_code == 401


# ---------------------------------------------------------------- registration


def test_an_applicant_registers_once_with_a_prior_authorisation(accounts, client):
    login(client, accounts["applicant"])
    refused = _post(client, f"{V}/general-registrations", {"licenceCode": FLEMISH})
    assert refused.status_code == 422 and refused["Content-Type"] == PROBLEM
    assert [e["field"] for e in refused.json()["errors"]] == ["priorAuthorisation"]
    assert not GeneralLicenceRegistration.objects.exists()
    granted(accounts)
    answer = _post(client, f"{V}/general-registrations", {"licenceCode": FLEMISH})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "registered" and body["reportCount"] == 0
    assert body["priorAuthorisation"].startswith("VM-") and body["allowedActions"] == []
    again = _post(client, f"{V}/general-registrations", {"licenceCode": FLEMISH})
    assert again.status_code == 409 and again["Content-Type"] == PROBLEM
    unknown = _post(client, f"{V}/general-registrations", {"licenceCode": "general-nope"})
    assert unknown.status_code == 422
    extra = _post(client, f"{V}/general-registrations", {"licenceCode": FLEMISH, "x": 1})
    assert extra.status_code == 422
    assert GeneralLicenceRegistration.objects.count() == 1


@pytest.mark.parametrize("who", ["officer", "senior", "management", "policy"])
def test_only_an_applicant_registers(accounts, client, who):
    login(client, accounts[who])
    answer = _post(client, f"{V}/general-registrations", {"licenceCode": FLEMISH})
    assert answer.status_code == 403 and answer["Content-Type"] == PROBLEM
    assert not GeneralLicenceRegistration.objects.exists()


def test_a_company_lists_its_own_registrations_and_another_finds_nothing(accounts, client):
    own = registered(accounts)
    other = registered(accounts, who="applicant2")
    login(client, accounts["applicant"])
    listed = client.get(f"{V}/general-registrations").json()
    assert [r["id"] for r in listed["items"]] == [own.pk] and listed["count"] == 1
    assert client.get(f"{V}/general-registrations/{own.pk}").status_code == 200
    hidden = client.get(f"{V}/general-registrations/{other.pk}")
    assert hidden.status_code == 404 and hidden["Content-Type"] == PROBLEM
    assert client.get(f"{V}/general-registrations/{other.pk}/reports").status_code == 404


@pytest.mark.parametrize("who", ["officer", "senior", "management"])
def test_staff_list_every_companys_registrations(accounts, client, who):
    own = registered(accounts)
    other = registered(accounts, who="applicant2")
    login(client, accounts[who])
    listed = client.get(f"{V}/general-registrations").json()
    assert {r["id"] for r in listed["items"]} == {own.pk, other.pk}
    filtered = client.get(f"{V}/general-registrations?status=suspended").json()
    assert filtered["count"] == 0
    one = client.get(f"{V}/general-registrations/{other.pk}").json()
    assert one["organisationId"] == accounts["applicant2"].organisation_id


# ---------------------------------------------------------------- usage reports


def test_the_company_reports_its_use(accounts, client):
    reg = registered(accounts)
    login(client, accounts["applicant"])
    answer = _post(client, f"{V}/general-registrations/{reg.pk}/reports", _report_body())
    assert answer.status_code == 201, answer.json()
    assert answer.json()["valueEur"] == "120000.50"
    listed = client.get(f"{V}/general-registrations/{reg.pk}/reports").json()
    assert listed["count"] == 1 and listed["items"][0]["destination"] == "NL"
    assert client.get(f"{V}/general-registrations/{reg.pk}").json()["reportCount"] == 1
    assert AuditEvent.objects.filter(
        verb="general_licence.use_reported", target_id=str(reg.pk)
    ).exists()


def test_a_report_outside_the_licence_is_refused_whole(accounts, client):
    reg = registered(accounts)
    login(client, accounts["applicant"])
    answer = _post(
        client,
        f"{V}/general-registrations/{reg.pk}/reports",
        _report_body(destination="US", controlEntry="1C350"),
    )
    assert answer.status_code == 422 and answer["Content-Type"] == PROBLEM
    assert {e["field"] for e in answer.json()["errors"]} == {"destination", "controlEntry"}
    assert not GeneralLicenceReport.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("applicant2", 404), ("officer", 404)])
def test_no_one_else_reports_for_the_company(accounts, client, who, status):
    reg = registered(accounts)
    registered(accounts, who="applicant2")
    login(client, accounts[who])
    answer = _post(client, f"{V}/general-registrations/{reg.pk}/reports", _report_body())
    assert answer.status_code == status and answer["Content-Type"] == PROBLEM
    assert not GeneralLicenceReport.objects.exists()


# ---------------------------------------------------------------- suspension


@pytest.mark.parametrize("who", ["officer", "senior"])
def test_an_officer_suspends_and_lifts_the_suspension(accounts, client, who):
    reg = registered(accounts)
    login(client, accounts[who])
    url = f"{V}/general-registrations/{reg.pk}"
    empty = _post(client, f"{url}/suspend", {"reason": " "})
    assert empty.status_code == 422
    answer = _post(client, f"{url}/suspend", {"reason": "Reports late"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "suspended"
    assert answer.json()["allowedActions"] == ["reinstate"]
    assert _post(client, f"{url}/suspend", {"reason": "again"}).status_code == 409
    # the company cannot report while suspended
    login(client, accounts["applicant"])
    blocked = _post(client, f"{url}/reports", _report_body())
    assert blocked.status_code == 409 and blocked["Content-Type"] == PROBLEM
    login(client, accounts[who])
    lifted = _post(client, f"{url}/reinstate", {"reason": "Reports in"})
    assert lifted.status_code == 200 and lifted.json()["status"] == "registered"


@pytest.mark.parametrize(("who", "status"), [("applicant", 403), ("applicant2", 404)])
def test_a_company_cannot_suspend(accounts, client, who, status):
    reg = registered(accounts)
    login(client, accounts[who])
    answer = _post(client, f"{V}/general-registrations/{reg.pk}/suspend", {"reason": "x"})
    assert answer.status_code == status and answer["Content-Type"] == PROBLEM
    reg.refresh_from_db()
    assert reg.status == "registered"


@pytest.mark.parametrize("who", ["management", "policy"])
def test_readers_cannot_suspend(accounts, client, who):
    reg = registered(accounts)
    login(client, accounts[who])
    answer = _post(client, f"{V}/general-registrations/{reg.pk}/suspend", {"reason": "x"})
    assert answer.status_code == 403
    reg.refresh_from_db()
    assert reg.status == "registered"


# ---------------------------------------------------------------- prior authorisations


def test_a_company_reads_its_own_prior_authorisation_without_the_assessment(accounts, client):
    own = granted(accounts)
    other = granted(accounts, "applicant2")
    login(client, accounts["applicant"])
    listed = client.get(f"{V}/prior-authorisations").json()
    assert [p["id"] for p in listed["items"]] == [own.pk]
    one = client.get(f"{V}/prior-authorisations/{own.pk}").json()
    assert one["status"] == "granted" and one["validUntil"] == own.valid_until.isoformat()
    assert one["reliabilityAssessment"] is None and one["icpReview"] is None
    hidden = client.get(f"{V}/prior-authorisations/{other.pk}")
    assert hidden.status_code == 404 and hidden["Content-Type"] == PROBLEM


@pytest.mark.parametrize("who", ["officer", "senior", "management"])
def test_staff_read_every_prior_authorisation_with_the_assessment(accounts, client, who):
    own = granted(accounts)
    other = granted(accounts, "applicant2")
    login(client, accounts[who])
    listed = client.get(f"{V}/prior-authorisations?status=granted").json()
    assert {p["id"] for p in listed["items"]} == {own.pk, other.pk}
    one = client.get(f"{V}/prior-authorisations/{other.pk}").json()
    assert one["reliabilityAssessment"] and one["icpReview"]
