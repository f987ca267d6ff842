"""Import and transit licences (issue 10): the kinds are data; consignor, origin, route and
transport are asked for and checked; the embargo check covers the origin of an import and
the whole route of a transit; each kind goes through the same transition table."""

import copy

import pytest
from django.utils import translation

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.roles import Role
from foro.licensing import selectors, services, workflow
from foro.licensing.checks import check_embargo, completeness_problems
from foro.licensing.kinds import get_kind, kind_table, parse_kinds
from foro.licensing.models import Application, Licence, RoutePoint, Status
from foro.licensing.tests.movement_helpers import (
    KINDS,
    MOVEMENT_DATA,
    m_in_state,
    massessed,
    mdraft,
    mgranted,
    msubmitted,
)
from foro.licensing.tests.test_workflow_table import SAME_SERVICE, USER_OF_ROLE, attempt

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages (Dutch is the default language)."""
    with translation.override("en"):
        yield


def test_the_kinds_are_data_with_their_source_and_what_is_to_confirm():
    imp, trn = get_kind("import-military"), get_kind("transit-military")
    assert (imp.direction, imp.origin, imp.destination) == ("import", "outside-eu", "none")
    assert (trn.direction, trn.origin, trn.destination) == ("transit", "any", "any")
    assert set(imp.required_fields) == {"consignor", "origin", "transport"}
    assert set(trn.required_fields) == {"consignor", "origin", "route", "transport"}
    assert "origin" in imp.embargo_places and "destination" not in imp.embargo_places
    assert {"origin", "route", "destination"} <= set(trn.embargo_places)
    for kind in (imp, trn):
        assert "decree" in kind.source.lower() and "validity_months" in kind.to_confirm
    assert (
        get_kind("export-military").direction == "export"
        and not get_kind("export-military").has_movement
    )


def test_a_kind_table_with_an_unknown_value_is_refused():
    text = (
        kind_table_text := __import__(
            "foro.licensing.kinds", fromlist=["KINDS_FILE"]
        ).KINDS_FILE.read_text()
    )
    with pytest.raises(ValueError, match="direction"):
        parse_kinds(text.replace('direction = "transit"', 'direction = "smuggle"'))
    with pytest.raises(ValueError, match="required fields"):
        parse_kinds(
            kind_table_text.replace(
                '"consignor", "origin", "transport"]', '"consignor", "origin", "colour"]'
            )
        )
    with pytest.raises(ValueError, match="to_confirm"):
        parse_kinds(text.replace('to_confirm = ["origin"', 'to_confirm = ["flavour"'))
    assert len(parse_kinds(text).kinds) == len(kind_table().kinds)


@pytest.mark.parametrize("kind", KINDS)
def test_a_complete_draft_is_submitted_and_its_movement_kept(accounts, watchlist, kind):
    app = msubmitted(accounts, kind)
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED
    m = app.movement
    data = MOVEMENT_DATA[kind]
    assert (m.consignor_name, m.consignor_country_id, m.origin_id, m.transport) == (
        data["consignor"]["name"],
        data["consignor"]["country"],
        data["origin"],
        data["transport"],
    )
    if kind == "transit-military":
        assert [(p.country_id, p.place) for p in app.route_points.all()] == [("BE", "Antwerp")]
        assert app.destination_id == "CA"
    else:
        assert app.destination_id is None


@pytest.mark.parametrize(
    ("kind", "missing", "fields"),
    [
        ("import-military", "origin", {"origin"}),
        ("import-military", "consignor", {"consignor.name", "consignor.country"}),
        ("import-military", "transport", {"transport"}),
        ("transit-military", "transit_points", {"transitPoints"}),
        ("transit-military", "route", {"route"}),
        ("transit-military", "destination", {"destination"}),
    ],
)
def test_submission_lists_what_the_movement_lacks(accounts, watchlist, kind, missing, fields):
    data = copy.deepcopy(MOVEMENT_DATA[kind])
    data.pop(missing)
    app = services.application_create(actor=accounts["applicant"], kind=kind, data=data)
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(actor=accounts["applicant"], application=app)
    assert fields <= {e["field"] for e in exc.value.errors}
    app.refresh_from_db()
    assert app.status == Status.DRAFT


def test_an_import_from_a_member_state_is_not_an_import(accounts, watchlist):
    app = mdraft(accounts["applicant"], "import-military", origin="FR")
    assert [p["field"] for p in completeness_problems(app)] == ["origin"]


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("import-military", {"destination": "CA"}, "destination"),
        ("import-military", {"origin": "BE"}, "origin"),
        ("import-military", {"origin": "QQ"}, "origin"),
        ("import-military", {"transport": "teleport"}, "transport"),
        ("import-military", {"transit_points": [{"country": "BE"}]}, "transitPoints"),
        (
            "transit-military",
            {"transit_points": [{"country": "", "place": "x"}]},
            "transitPoints[1].country",
        ),
        ("export-military", {"origin": "NO"}, "origin"),
        ("export-military", {"consignor": {"name": "x"}}, "consignor"),
    ],
)
def test_a_wrong_movement_value_saves_nothing(accounts, watchlist, kind, data, field):
    before = Application.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.application_create(actor=accounts["applicant"], kind=kind, data=data)
    assert field in {e["field"] for e in exc.value.errors}
    assert Application.objects.count() == before


def test_the_embargo_check_covers_the_origin_of_an_import(accounts, watchlist):
    app = msubmitted(
        accounts,
        "import-military",
        origin="RU",
        consignor={"name": "Rosoboronexport", "address": "Moscow", "country": "RU"},
    )
    outcome = app.checks.get(check_name="embargo", is_current=True)
    assert outcome.outcome == "fail"
    places = {f["place"] for f in outcome.findings}
    assert any("origin" in p for p in places) and any("Rosoboronexport" in p for p in places)


def test_the_embargo_check_covers_every_country_of_a_transit_route(accounts, watchlist):
    clean = msubmitted(accounts, "transit-military")
    assert clean.checks.get(check_name="embargo", is_current=True).outcome == "pass"
    via_iran = msubmitted(
        accounts,
        "transit-military",
        transit_points=[
            {"country": "IR", "place": "Bandar Abbas"},
            {"country": "BE", "place": "Antwerp"},
        ],
    )
    found = via_iran.checks.get(check_name="embargo", is_current=True)
    assert found.outcome == "fail" and {f["country"] for f in found.findings} == {"IR"}
    from_venezuela = msubmitted(accounts, "transit-military", origin="VE")
    assert check_embargo(from_venezuela).outcome == "fail"


def test_an_import_licence_names_the_country_of_origin(accounts, watchlist):
    app = mgranted(accounts, "import-military")
    lic = Licence.objects.get(application=app)
    assert lic.kind == "import-military" and lic.destination_id == "NO"
    assert lic.number.startswith("INV") or "INV" in lic.number


@pytest.mark.parametrize("kind", KINDS)
def test_another_organisation_cannot_see_or_change_it(accounts, watchlist, kind):
    app = mdraft(accounts["applicant"], kind)
    other = accounts["applicant2"]
    with pytest.raises(NotFound):
        selectors.application_get(other, app.pk)
    with pytest.raises(NotFound):
        services.application_update_draft(actor=other, application=app, data={"origin": "US"})
    with pytest.raises(NotFound):
        services.application_submit(actor=other, application=app)
    assert app.movement.origin_id == MOVEMENT_DATA[kind]["origin"]
    assert not selectors.applications_visible_to(other).filter(pk=app.pk).exists()


FORBIDDEN = [
    (kind, t.action, t.sources[0], role)
    for kind in KINDS
    for t in workflow.APPLICATION_TRANSITIONS
    for role in Role
    if role not in t.roles
]


@pytest.mark.parametrize(
    "kind,action,state,role",
    FORBIDDEN,
    ids=[f"{k}-{a}-{r.value}" for k, a, _s, r in FORBIDDEN],
)
def test_each_role_outside_the_table_is_refused(accounts, watchlist, kind, action, state, role):
    app = m_in_state(accounts, kind, state)
    with pytest.raises((PermissionDenied, NotFound)):
        attempt(action, accounts[USER_OF_ROLE[role]], app)
    assert Application.objects.get(pk=app.pk).status == state


WRONG_STATE = [
    (kind, t.action, state, sorted(t.roles)[0])
    for kind in KINDS
    for t in workflow.APPLICATION_TRANSITIONS
    for state in Status.values
    if state not in t.sources
    and not (
        t.action in SAME_SERVICE
        and state in workflow.application_transition(SAME_SERVICE[t.action]).sources
    )
]


@pytest.mark.parametrize(
    "kind,action,state,role",
    WRONG_STATE,
    ids=[f"{k}-{a}-from-{s}" for k, a, s, _r in WRONG_STATE],
)
def test_each_step_from_a_state_outside_its_sources_is_refused(
    accounts, watchlist, kind, action, state, role
):
    from foro.core.errors import Conflict

    app = m_in_state(accounts, kind, state)
    with pytest.raises((TransitionNotAllowed, Conflict)):
        attempt(action, accounts[USER_OF_ROLE[role]], app)
    assert Application.objects.get(pk=app.pk).status == state


@pytest.mark.parametrize("kind", KINDS)
def test_every_state_is_reached_by_the_allowed_roles(accounts, watchlist, kind):
    reached = {
        Application.objects.get(pk=m_in_state(accounts, kind, s).pk).status for s in Status.values
    }
    assert reached == set(Status.values)


def test_transit_points_are_replaced_as_a_whole(accounts, watchlist):
    app = mdraft(accounts["applicant"], "transit-military")
    services.application_update_draft(
        actor=accounts["applicant"],
        application=app,
        data={
            "transit_points": [
                {"country": "NL", "place": "Rotterdam"},
                {"country": "BE", "place": "Antwerp"},
            ]
        },
    )
    assert list(RoutePoint.objects.filter(application=app).values_list("position", "place")) == [
        (1, "Rotterdam"),
        (2, "Antwerp"),
    ]
    assert app.movement.origin_id == "CH"  # the other fields are left as they were


def test_the_case_page_and_the_applicants_page_show_the_movement(client, accounts, watchlist):
    app = massessed(accounts, "transit-military")
    client.force_login(accounts["officer"])
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert 'id="h-movement-facts"' in html and "RUAG Ammotec AG" in html and "Antwerp" in html
    client.force_login(accounts["applicant"])
    html = client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert 'id="h-movement-facts"' in html and "Thun to Antwerp by rail" in html


def test_the_api_takes_and_gives_the_movement(client, accounts, watchlist):
    client.force_login(accounts["applicant"])
    body = {
        "kind": "transit-military",
        "destination": "CA",
        "endUse": "Training",
        "consignor": {"name": "RUAG Ammotec AG", "address": "Thun", "country": "CH"},
        "origin": "CH",
        "transport": "sea",
        "route": "Thun - Antwerp - Halifax",
        "transitPoints": [{"country": "BE", "place": "Antwerp"}],
    }
    r = client.post("/api/v1/licensing/applications", body, content_type="application/json")
    assert r.status_code == 201, r.content
    movement = r.json()["movement"]
    assert movement["origin"] == "CH" and movement["transport"] == "sea"
    assert movement["transitPoints"] == [{"position": 1, "country": "BE", "place": "Antwerp"}]
    assert movement["consignor"] == {"name": "RUAG Ammotec AG", "address": "Thun", "country": "CH"}
    bad = client.post(
        "/api/v1/licensing/applications",
        {**body, "transport": "teleport"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    export = client.post(
        "/api/v1/licensing/applications",
        {"kind": "export-military", "origin": "CH"},
        content_type="application/json",
    )
    assert export.status_code == 422 and export["Content-Type"] == "application/problem+json"
    kinds = {k["code"]: k for k in client.get("/api/v1/licensing/kinds").json()}
    assert kinds["import-military"]["direction"] == "import"
    assert "validity_months" in kinds["transit-military"]["toConfirm"]
