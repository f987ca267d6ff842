"""A kind with ``requires_prior_authorisation`` (export, transfer and transit of military
goods) is submitted only while the applicant's company holds a prior authorisation in force
on the submission date: none, an expired, a revoked, a refused or a not yet valid one is
refused, with a clear message on the page (the draft kept) and problem+json in the API."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import grant_prior_authorisation
from foro.core.errors import ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import services
from foro.licensing.kinds import get_kind, kind_table
from foro.licensing.models import Status
from foro.licensing.models_general import PriorAuthorisation
from foro.licensing.services import general as svc
from foro.licensing.tests.conftest import PDF, draft
from foro.licensing.tests.movement_helpers import mdraft

REQUIRING = ["export-military", "transfer-intra-eu", "transit-military"]


def _without_prior_authorisation(app):
    PriorAuthorisation.objects.filter(organisation=app.organisation).delete()
    return app


def _refused(accounts, app):
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(actor=accounts["applicant"], application=app)
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.submitted_at is None
    assert not AuditEvent.objects.filter(verb="application.submit", target_id=str(app.pk)).exists()
    assert not app.checks.exists()
    return exc.value


def test_the_requirement_is_data_with_its_source():
    assert [k for k in REQUIRING if get_kind(k).requires_prior_authorisation] == REQUIRING
    for code in ("import-military", "export-dual-use", "brokering-military"):
        assert not get_kind(code).requires_prior_authorisation
    assert "requires_prior_authorisation" in get_kind("brokering-military").to_confirm
    rule = kind_table().prior_authorisation
    assert "arms trade decree" in rule.source and rule.to_confirm


@pytest.mark.parametrize("kind", REQUIRING)
def test_without_a_prior_authorisation_the_submission_is_refused(
    accounts, watchlist, english, kind
):
    if kind == "transit-military":
        app = mdraft(accounts["applicant"], kind)
    else:
        app = draft(accounts["applicant"], kind)
    _without_prior_authorisation(app)
    exc = _refused(accounts, app)
    assert [e["field"] for e in exc.errors] == ["priorAuthorisation"]
    assert "no prior authorisation in force" in exc.errors[0]["message"]
    # granted, it goes through
    grant_prior_authorisation(app.organisation)
    services.application_submit(actor=accounts["applicant"], application=app)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


@pytest.mark.parametrize(
    "state",
    ["expired", "not_yet_valid", "revoked", "refused", "requested", "other_company"],
)
def test_only_a_prior_authorisation_in_force_of_the_company_counts(
    accounts, watchlist, english, state
):
    app = _without_prior_authorisation(draft(accounts["applicant"]))
    today = timezone.localdate()
    if state == "expired":
        grant_prior_authorisation(app.organisation, date(2020, 1, 1), today - timedelta(days=1))
    elif state == "not_yet_valid":
        grant_prior_authorisation(app.organisation, today + timedelta(days=1), date(2099, 1, 1))
    elif state == "other_company":
        grant_prior_authorisation(accounts["applicant2"].organisation)
    else:
        pa = grant_prior_authorisation(app.organisation)
        pa.status = state
        pa.save()
    _refused(accounts, app)


def test_a_revocation_through_the_service_stops_the_next_submission(accounts, watchlist):
    first = draft(accounts["applicant"])
    second = draft(accounts["applicant"])
    services.application_submit(actor=accounts["applicant"], application=first)
    pa = svc.valid_prior_authorisation(first.organisation_id)
    assert pa is not None
    svc.prior_authorisation_revoke(actor=accounts["senior"], authorisation=pa, reason="Convicted")
    assert svc.valid_prior_authorisation(second.organisation_id) is None
    _refused(accounts, second)


def test_it_is_the_submission_date_that_counts(accounts, watchlist, time_machine):
    time_machine.move_to("2026-03-01 10:00 +01:00", tick=False)
    app = _without_prior_authorisation(draft(accounts["applicant"]))
    grant_prior_authorisation(app.organisation, date(2023, 1, 1), date(2026, 2, 28))
    _refused(accounts, app)
    time_machine.move_to("2026-02-28 10:00 +01:00", tick=False)  # its last day
    services.application_submit(actor=accounts["applicant"], application=app)


def test_a_kind_without_the_requirement_is_submitted_without_one(accounts, watchlist):
    for kind in ("export-dual-use",):
        app = _without_prior_authorisation(draft(accounts["applicant"], kind))
        services.application_submit(actor=accounts["applicant"], application=app)
        app.refresh_from_db()
        assert app.status == Status.SUBMITTED
    app = _without_prior_authorisation(mdraft(accounts["applicant"], "import-military"))
    services.application_submit(actor=accounts["applicant"], application=app)


def test_the_portal_says_why_and_keeps_the_draft(client, accounts, watchlist):
    app = _without_prior_authorisation(draft(accounts["applicant"]))
    client.force_login(accounts["applicant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert "Before you can submit" in page and "no prior authorisation in force" in page
    r = client.post(f"/portal/applications/{app.pk}/act/submit/", follow=True)
    html = r.content.decode()
    assert "The application cannot be submitted." in html
    assert "no prior authorisation in force" in html
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.goods.count() == 2  # nothing typed lost
    assert app.end_use == "Training ammunition for the Canadian Armed Forces"
    grant_prior_authorisation(app.organisation)
    client.post(f"/portal/applications/{app.pk}/act/submit/")
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_the_api_answers_problem_json(client, accounts, watchlist):
    client.force_login(accounts["applicant"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = {
        "kind": "export-military",
        "destination": "CA",
        "endUse": "Training",
        "goods": [
            {
                "description": "5.56 mm training ammunition",
                "controlEntry": "ML3.a",
                "cnCode": "93063090",
                "quantity": "100",
                "unit": "pieces",
                "valueEur": "450.00",
            }
        ],
        "parties": [
            {"role": "consignee", "name": "DND Canada", "address": "Ottawa", "country": "CA"},
            {"role": "end_user", "name": "Canadian Army", "address": "Ottawa", "country": "CA"},
        ],
    }
    r = client.post("/api/v1/licensing/applications", body, content_type="application/json")
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    up = client.post(
        f"/api/v1/licensing/applications/{app_id}/documents",
        {"kind": "end_user_certificate", "file": io.BytesIO(PDF)},
    )
    assert up.status_code == 201, up.content
    PriorAuthorisation.objects.filter(organisation=accounts["applicant"].organisation).delete()
    r = client.post(f"/api/v1/licensing/applications/{app_id}/submit")
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    problem = r.json()
    assert problem["errors"][0]["field"] == "priorAuthorisation"
    assert "no prior authorisation in force" in problem["errors"][0]["message"]
    grant_prior_authorisation(accounts["applicant"].organisation)
    r = client.post(f"/api/v1/licensing/applications/{app_id}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
