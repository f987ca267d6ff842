"""Brokering and technical assistance (issue 10): four kinds that are data
(``application_kinds.toml``) and go through the generic machinery — forms, API, checks,
transition table, licence PDF — with the embargo check on the places each kind names."""

from __future__ import annotations

import pytest
from django.conf import settings

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed
from foro.core.roles import Role
from foro.licensing import selectors, services, workflow
from foro.licensing.checks import check_embargo, completeness_problems
from foro.licensing.kinds import DIRECTIONS, get_kind
from foro.licensing.models import Application, Licence, Status
from foro.licensing.tests.movement_helpers import (
    BROKERING_DATA,
    BROKERING_KINDS,
    m_in_state,
    mdraft,
    mgranted,
    msubmitted,
)
from foro.licensing.tests.test_workflow_table import SAME_SERVICE, USER_OF_ROLE, attempt

pytestmark = pytest.mark.usefixtures("prior_authorised")


def test_the_kinds_are_data_with_their_source_competence_and_what_is_to_confirm():
    assert {"brokering", "technical-assistance"} <= set(DIRECTIONS)
    for code in BROKERING_KINDS:
        kind = get_kind(code)
        assert kind.active and kind.source and kind.to_confirm
        assert kind.direction in ("brokering", "technical-assistance")
        # who is competent is not settled: said on the kind, in both languages
        assert "competence" in kind.to_confirm and kind.competence_nl and kind.competence_en
    broker = get_kind("brokering-military")
    assert (broker.origin, broker.destination) == ("outside-eu", "outside-eu")
    assert set(broker.required_fields) == {"consignor", "origin"}
    assert set(broker.embargo_places) == {"origin", "consignor", "destination", "parties"}
    assert "Common Position 2003/468/CFSP" in broker.source
    assert "art. 6" in get_kind("brokering-dual-use").source
    assert "art. 8" in get_kind("technical-assistance-dual-use").source
    assistance = get_kind("technical-assistance-military")
    assert not assistance.has_movement and assistance.embargo_places == ("destination", "parties")


@pytest.mark.parametrize("kind", BROKERING_KINDS)
def test_every_state_is_reached_and_every_move_outside_the_table_refused(accounts, watchlist, kind):
    """The transition table for each kind: every state is reached by the allowed roles; from
    each state, every step whose roles or sources exclude it is refused and changes nothing."""
    apps = {state: m_in_state(accounts, kind, state) for state in Status.values}
    assert {Application.objects.get(pk=a.pk).status for a in apps.values()} == set(Status.values)
    tried = 0
    for t in workflow.APPLICATION_TRANSITIONS:
        app = apps[t.sources[0]]
        for role in Role:
            if role in t.roles:
                continue
            with pytest.raises((PermissionDenied, NotFound)):
                attempt(t.action, accounts[USER_OF_ROLE[role]], app)
            tried += 1
        role = sorted(t.roles)[0]
        for state, other in apps.items():
            same = t.action in SAME_SERVICE and state in (
                workflow.application_transition(SAME_SERVICE[t.action]).sources
            )
            if state in t.sources or same:
                continue
            from foro.core.errors import Conflict

            with pytest.raises((TransitionNotAllowed, Conflict)):
                attempt(t.action, accounts[USER_OF_ROLE[role]], other)
            tried += 1
    assert tried > 50
    assert {Application.objects.get(pk=a.pk).status for a in apps.values()} == set(Status.values)


@pytest.mark.parametrize("kind", BROKERING_KINDS)
def test_a_complete_draft_is_submitted_and_checked(accounts, watchlist, kind):
    app = msubmitted(accounts, kind)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    checks = {c.check_name: c.outcome for c in app.checks.filter(is_current=True)}
    assert checks["completeness"] == "pass" and checks["embargo"] == "pass"
    if get_kind(kind).has_movement:
        assert app.movement.origin_id == BROKERING_DATA[kind]["origin"]
        assert app.movement.consignor_name


def test_brokering_asks_for_the_seller_and_where_the_goods_are(accounts, watchlist):
    app = mdraft(accounts["applicant"], "brokering-military", consignor={}, origin="")
    fields = {p["field"] for p in completeness_problems(app)}
    assert {"consignor.name", "consignor.country", "origin"} <= fields
    assert "transport" not in fields and "transitPoints" not in fields  # not asked


def test_brokering_concerns_items_located_outside_the_eu(accounts, watchlist, english):
    app = mdraft(accounts["applicant"], "brokering-military", origin="DE")
    problems = [p for p in completeness_problems(app) if p["field"] == "origin"]
    assert (
        problems
        and "brokering concerns items located in a third country" in (problems[0]["message"])
    )


def test_technical_assistance_asks_for_no_movement(accounts, watchlist):
    from foro.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        mdraft(accounts["applicant"], "technical-assistance-military", origin="US")
    assert exc.value.errors[0]["field"] == "origin"


@pytest.mark.parametrize(
    ("kind", "overrides", "place"),
    [
        # the seller sits in an embargoed country and the goods are there
        (
            "brokering-military",
            {"origin": "RU", "consignor": {"name": "Rosoboronexport", "country": "RU"}},
            "country of origin",
        ),
        # the buyer is in an embargoed country
        ("brokering-military", {"destination": "RU"}, "destination"),
        ("brokering-dual-use", {"origin": "RU"}, "country of origin"),
        ("technical-assistance-military", {"destination": "RU"}, "destination"),
        (
            "technical-assistance-dual-use",
            {
                "parties": [
                    {"role": "end_user", "name": "Rosatom", "address": "Moscow", "country": "RU"}
                ]
            },
            "End user Rosatom",
        ),
    ],
)
def test_the_embargo_check_looks_at_the_places_of_the_kind(
    accounts, watchlist, english, kind, overrides, place
):
    app = mdraft(accounts["applicant"], kind, **overrides)
    outcome = check_embargo(app)
    assert outcome.outcome == "fail"
    assert any(f["place"].startswith(place) for f in outcome.findings)
    clean = check_embargo(mdraft(accounts["applicant"], kind))
    assert clean.outcome == "pass"


def test_the_consignor_of_a_brokering_is_checked_by_itself(accounts, watchlist, english):
    app = mdraft(
        accounts["applicant"],
        "brokering-military",
        consignor={"name": "Rosoboronexport", "address": "Moscow", "country": "RU"},
    )
    places = {f["place"] for f in check_embargo(app).findings}
    assert places == {"consignor Rosoboronexport"}


@pytest.mark.parametrize("kind", BROKERING_KINDS)
def test_another_organisation_cannot_see_or_change_it(client, accounts, watchlist, kind):
    app = mdraft(accounts["applicant"], kind)
    other = accounts["applicant2"]
    with pytest.raises(NotFound):
        selectors.application_get(other, app.pk)
    with pytest.raises(NotFound):
        services.application_update_draft(actor=other, application=app, data={"end_use": "X"})
    with pytest.raises(NotFound):
        services.application_submit(actor=other, application=app)
    assert not selectors.applications_visible_to(other).filter(pk=app.pk).exists()
    client.force_login(other)
    assert client.get(f"/portal/applications/{app.pk}/").status_code == 404
    assert client.get(f"/api/v1/licensing/applications/{app.pk}").status_code == 404
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.end_use == BROKERING_DATA[kind]["end_use"]


def test_a_brokering_licence_is_granted_with_its_pdf(client, accounts, watchlist):
    app = mgranted(accounts, "brokering-military")
    lic = Licence.objects.get(application=app)
    assert lic.kind == "brokering-military" and "MAK" in lic.number
    assert lic.destination_id == "CA"
    client.force_login(accounts["officer"])
    r = client.get(f"/licensing/licences/{lic.pk}/licence.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_the_pages_show_the_seller_and_the_competence_to_confirm(client, accounts, watchlist):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    draft = mdraft(accounts["applicant"], "brokering-military")
    client.force_login(accounts["applicant"])
    edit = client.get(f"/portal/applications/{draft.pk}/edit/").content.decode()
    assert "Seller (consignor)" in edit and "Country where the goods are located" in edit
    assert 'name="transport"' not in edit and 'name="route"' not in edit
    assert "Competence to confirm" in edit and "federal law of 5 August 1991" in edit
    app = msubmitted(accounts, "brokering-military")
    client.force_login(accounts["officer"])
    case = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert "Seller and location of the goods" in case and "Acme Ordnance Inc." in case
    assert "Competence to confirm" in case


def test_the_portal_form_saves_a_brokering_draft(client, accounts, watchlist):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(accounts["applicant"])
    r = client.post("/portal/applications/new/", {"kind": "brokering-military"})
    app = Application.objects.filter(kind="brokering-military").latest("pk")
    assert r.status_code == 302
    form = {
        "revision": app.revision,
        "destination": "CA",
        "end_use": "Training",
        "consignor_name": "Acme Ordnance Inc.",
        "consignor_country": "RU",
        "origin": "DE",
        "goods-TOTAL_FORMS": "0",
        "goods-INITIAL_FORMS": "0",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }
    r = client.post(f"/portal/applications/{app.pk}/edit/", form)
    assert r.status_code == 302, r.content.decode()[:2000]
    app.refresh_from_db()
    assert app.movement.consignor_country_id == "RU" and app.movement.origin_id == "DE"
    assert app.movement.transport == ""


def test_the_api_lists_and_takes_the_kinds(client, accounts, watchlist):
    client.force_login(accounts["applicant"])
    kinds = {k["code"]: k for k in client.get("/api/v1/licensing/kinds").json()}
    broker = kinds["brokering-military"]
    assert broker["direction"] == "brokering" and broker["requiresPriorAuthorisation"] is False
    assert broker["competenceEn"].startswith("To confirm") and "competence" in broker["toConfirm"]
    assert kinds["export-military"]["requiresPriorAuthorisation"] is True
    body = {
        "kind": "brokering-dual-use",
        "destination": "JP",
        "endUse": "Research",
        "consignor": {"name": "Alpine Chemicals AG", "address": "Basel", "country": "CH"},
        "origin": "CH",
    }
    r = client.post("/api/v1/licensing/applications", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["movement"]["origin"] == "CH"
    bad = client.post(
        "/api/v1/licensing/applications",
        {"kind": "technical-assistance-dual-use", "route": "A to B"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad["Content-Type"] == "application/problem+json"
