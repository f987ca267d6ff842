"""The pages of general licences, for officers and for the applicant's portal: what each
role sees, refused input kept on the page, confirmation before a consequential change,
isolation between companies."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import login
from foro.licensing.models_general import (
    GeneralLicenceRegistration,
    GeneralLicenceReport,
    PriorAuthorisation,
)
from foro.licensing.services import general as svc
from foro.licensing.tests.test_general_services import FLEMISH, granted, proposed, registered

pytestmark = pytest.mark.django_db


def test_the_officers_list_shows_every_general_licence_with_its_marks(client, accounts, english):
    login(client, accounts["officer"])
    page = client.get(reverse("licensing:general"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    for number in ["AOV 1", "AOV 5", *(f"EU00{i}" for i in range(1, 9))]:
        assert number in text
    detail = client.get(reverse("licensing:general-licence", args=["general-export-eu001"]))
    assert detail.status_code == 200
    assert "to confirm" in detail.content.decode() or "te bevestigen" in detail.content.decode()
    assert "AU, CA, IS, JP" in detail.content.decode()


@pytest.mark.parametrize("who", ["applicant", "policy", "post"])
def test_the_officers_pages_are_closed_to_others(client, accounts, who):
    pa = granted(accounts)
    login(client, accounts[who])
    for url in (
        reverse("licensing:general"),
        reverse("licensing:general-pas"),
        reverse("licensing:general-pa", args=[pa.pk]),
        reverse("licensing:general-registrations"),
    ):
        assert client.get(url).status_code in (403, 404)


def test_an_applicant_requests_a_prior_authorisation(client, accounts):
    login(client, accounts["applicant"])
    assert client.get(reverse("portal:general")).status_code == 200
    refused = client.post(reverse("portal:general-request"), {"icp_description": "  "})
    assert refused.status_code == 422
    assert not PriorAuthorisation.objects.exists()
    done = client.post(reverse("portal:general-request"), {"icp_description": "Our programme"})
    assert done.status_code == 302
    pa = PriorAuthorisation.objects.get()
    assert pa.organisation_id == accounts["applicant"].organisation_id
    assert pa.created_by == accounts["applicant"]


def test_registration_without_prior_authorisation_is_refused_on_the_page(client, accounts):
    login(client, accounts["applicant"])
    page = client.post(
        reverse("portal:general-register"), {"licence_code": FLEMISH, "confirm": "yes"}
    )
    assert page.status_code == 422
    assert "prior authorisation" in page.content.decode().lower() or "machtiging" in (
        page.content.decode().lower()
    )
    assert 'value="general-transfer-armed-forces" required checked' in page.content.decode()
    assert not GeneralLicenceRegistration.objects.exists()


def test_registration_asks_for_confirmation(client, accounts):
    granted(accounts)
    login(client, accounts["applicant"])
    page = client.post(reverse("portal:general-register"), {"licence_code": FLEMISH})
    assert page.status_code == 422
    assert not GeneralLicenceRegistration.objects.exists()
    done = client.post(
        reverse("portal:general-register"), {"licence_code": FLEMISH, "confirm": "yes"}
    )
    assert done.status_code == 302
    assert GeneralLicenceRegistration.objects.get().licence_code == FLEMISH


def _report_form(**overrides):
    today = timezone.localdate()
    data = {
        "period_start": (today - timedelta(days=30)).isoformat(),
        "period_end": today.isoformat(),
        "destination": "NL",
        "goods_description": "Thermal imaging sights",
        "control_entry": "ML15.c",
        "value_eur": "1200,50",
    }
    data.update(overrides)
    return data


def test_reporting_on_the_portal_keeps_what_was_typed(client, accounts):
    reg = registered(accounts)
    login(client, accounts["applicant"])
    url = reverse("portal:general-registration", args=[reg.pk])
    bad = client.post(url, _report_form(destination="US", goods_description="Sights, kept"))
    assert bad.status_code == 422
    assert 'value="Sights, kept"' in bad.content.decode()
    assert not GeneralLicenceReport.objects.exists()
    good = client.post(url, _report_form())
    assert good.status_code == 302
    assert str(GeneralLicenceReport.objects.get().value_eur) == "1200.50"


def test_another_company_cannot_see_or_report(client, accounts):
    reg = registered(accounts)
    other = registered(accounts, who="applicant2")
    login(client, accounts["applicant2"])
    url = reverse("portal:general-registration", args=[reg.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _report_form()).status_code == 404
    home = client.get(reverse("portal:general")).content.decode()
    assert other.reference in home and reg.reference not in home
    pa = reg.prior_authorisation
    assert pa is not None and pa.reference not in home
    assert not GeneralLicenceReport.objects.exists()


def test_an_officer_suspends_and_the_company_cannot_report(client, accounts):
    reg = registered(accounts)
    login(client, accounts["officer"])
    url = reverse("licensing:general-registration", args=[reg.pk])
    unconfirmed = client.post(url, {"action": "suspend", "reason": "Reports late"})
    assert unconfirmed.status_code == 422
    assert "Reports late" in unconfirmed.content.decode()
    reg.refresh_from_db()
    assert reg.status == "registered"
    client.post(url, {"action": "suspend", "reason": "Reports late", "confirm": "yes"})
    reg.refresh_from_db()
    assert reg.status == "suspended"
    login(client, accounts["applicant"])
    portal = reverse("portal:general-registration", args=[reg.pk])
    page = client.get(portal).content.decode()
    assert "Reports late" in page and 'name="control_entry"' not in page
    assert client.post(portal, _report_form()).status_code == 422
    assert not GeneralLicenceReport.objects.exists()


def test_the_proposer_gets_no_decision_buttons(client, accounts):
    pa = proposed(accounts)
    login(client, accounts["officer"])
    page = client.get(reverse("licensing:general-pa", args=[pa.pk])).content.decode()
    assert reverse("licensing:general-pa-act", args=[pa.pk, "approve"]) not in page
    posted = client.post(
        reverse("licensing:general-pa-act", args=[pa.pk, "approve"]), {"confirm": "yes"}
    )
    assert posted.status_code == 422
    pa.refresh_from_db()
    assert pa.status == "proposed"
    login(client, accounts["senior"])
    page = client.get(reverse("licensing:general-pa", args=[pa.pk])).content.decode()
    assert reverse("licensing:general-pa-act", args=[pa.pk, "approve"]) in page
    client.post(reverse("licensing:general-pa-act", args=[pa.pk, "approve"]), {"confirm": "yes"})
    pa.refresh_from_db()
    assert pa.status == "granted"


def test_a_refused_proposal_keeps_the_reason_typed(client, accounts):
    pa = svc.prior_authorisation_start_review(
        actor=accounts["officer"],
        authorisation=svc.prior_authorisation_request(
            actor=accounts["applicant"], icp_description="x"
        ),
    )
    login(client, accounts["officer"])
    page = client.post(
        reverse("licensing:general-pa-act", args=[pa.pk, "propose"]),
        {"outcome": "grant", "reason": "My careful reasoning"},
    )
    assert page.status_code == 422
    assert "My careful reasoning" in page.content.decode()
    pa.refresh_from_db()
    assert pa.status == "under_review"


def test_certified_recipients_pages(client, accounts):
    company = accounts["applicant"].organisation
    login(client, accounts["officer"])
    url = reverse("licensing:general-certified-list")
    assert client.get(url).status_code == 200
    assert client.post(url, {"organisation": company.pk}).status_code == 403  # seniors issue
    login(client, accounts["senior"])
    today = timezone.localdate()
    too_long = client.post(
        url,
        {
            "organisation": company.pk,
            "issued_on": today.isoformat(),
            "valid_until": today.replace(year=today.year + 6).isoformat(),
        },
    )
    assert too_long.status_code == 422
    assert today.isoformat() in too_long.content.decode()  # what was typed is kept
    done = client.post(
        url,
        {
            "organisation": company.pk,
            "issued_on": today.isoformat(),
            "valid_until": today.replace(year=today.year + 3).isoformat(),
        },
    )
    assert done.status_code == 302
    from foro.licensing.models_general import CertifiedRecipient

    cert = CertifiedRecipient.objects.get()
    detail = reverse("licensing:general-certified", args=[cert.pk])
    login(client, accounts["officer"])
    audit = client.post(
        detail, {"form": "audit", "audited_on": today.isoformat(), "outcome": "compliant"}
    )
    assert audit.status_code == 302 and cert.audits.count() == 1
    login(client, accounts["senior"])
    unconfirmed = client.post(detail, {"form": "status", "action": "suspend", "reason": "Late"})
    assert unconfirmed.status_code == 422
    client.post(detail, {"form": "status", "action": "suspend", "reason": "Late", "confirm": "yes"})
    cert.refresh_from_db()
    assert cert.status == "suspended"
    login(client, accounts["applicant"])
    assert client.get(detail).status_code in (403, 404)


def test_search_finds_only_what_the_reader_may_open(accounts):
    from foro.core.search import SearchQuery
    from foro.licensing.search_general import find_general

    reg = registered(accounts)
    other = registered(accounts, who="applicant2")
    total, hits = find_general(accounts["officer"], SearchQuery.parse("AR-"), 10)
    assert total == 2
    total, hits = find_general(accounts["applicant"], SearchQuery.parse("AR-"), 10)
    assert total == 1 and reg.reference in hits[0].title
    total, hits = find_general(accounts["applicant"], SearchQuery.parse(other.reference), 10)
    assert total == 0 and not hits
    assert find_general(accounts["policy"], SearchQuery.parse("AR-"), 10) == (0, [])
