"""Global licences (issue 10): several consignees and end users, a period instead of one
shipment, ceilings per consignee; the checks cover every consignee and end user; the case
goes through the same transition table and four-eyes rule; the holder records usage per
consignee, refused beyond the ceiling, to a consignee not on the licence, outside the
validity and by anyone but the holder."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.core.roles import Role
from foro.licensing import selectors, services
from foro.licensing.checks import check_embargo, check_prior_denial, completeness_problems
from foro.licensing.kinds import KINDS_FILE, get_kind, kinds, parse_kinds
from foro.licensing.models import (
    Application,
    ConsigneeAllowance,
    ConsigneeCeiling,
    ExportRecord,
    Licence,
    Status,
)
from foro.licensing.services.usage import usage_record
from foro.licensing.tests import conftest as lic
from foro.licensing.tests.global_helpers import (
    GLOBAL_KINDS,
    gdraft,
    ggranted,
    global_data,
    gproposed,
    gsubmitted,
)
from foro.licensing.tests.test_workflow_table import USER_OF_ROLE


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _prior(request):
    """The demo companies hold a prior authorisation (the global kinds require one; its
    refusal is tested in test_prior_authorisation.py and below)."""
    if "django_db" in request.keywords or "accounts" in request.fixturenames:
        request.getfixturevalue("prior_authorised")


def _fields(exc: ValidationFailed) -> set[str]:
    return {str(p.get("field", "")) for p in exc.errors}


# ------------------------------------------------------------------ kinds


def test_the_global_kinds_are_data_with_their_source_and_what_is_to_confirm():
    transfer, export = get_kind("transfer-global"), get_kind("export-military-global")
    for kind in (transfer, export):
        assert kind.instrument == "global" and kind.period and kind.several_consignees
        assert "validity_months" in kind.to_confirm and kind.validity_months == 36
        assert "decree of 15 june 2012" in kind.source.lower()
        assert not kind.asks_destination  # the consignees' countries are the destinations
        assert kind.requires_prior_authorisation  # definitive transfers and exports
    assert "2009/43/EC art. 6" in transfer.source
    assert (transfer.direction, transfer.destination) == ("transfer", "eu-member")
    assert (export.direction, export.destination) == ("export", "outside-eu")
    # the kinds that were there are unchanged: individual, one consignee
    for code in ("export-military", "transfer-intra-eu", "export-dual-use", "transit-military"):
        k = get_kind(code)
        assert (k.instrument, k.period, k.several_consignees, k.asks_destination) == (
            "individual",
            False,
            False,
            True,
        )
    assert {k.instrument for k in kinds()} == {"individual", "global"}


def test_a_kind_table_with_a_wrong_instrument_is_refused():
    text = KINDS_FILE.read_text()
    with pytest.raises(ValueError, match="instrument"):
        parse_kinds(text.replace('instrument = "global"', 'instrument = "blanket"', 1))
    with pytest.raises(ValueError, match="period"):
        parse_kinds(text.replace("period = true", "period = false", 1))


# ------------------------------------------------------------------ the application


@pytest.mark.parametrize("kind", GLOBAL_KINDS)
def test_a_complete_global_application_is_submitted_with_its_consignees(accounts, watchlist, kind):
    app = gsubmitted(accounts, kind)
    assert app.status == Status.SUBMITTED
    consignees = [p for p in app.parties.all() if p.role == "consignee"]
    assert len(consignees) == 2
    assert app.destination_id == consignees[0].country_id  # the first consignee's country
    assert app.global_terms.period_from == timezone.localdate()
    assert list(app.allowances.values_list("party_position", "line_position", "quantity")) == [
        (1, 1, Decimal("20")),
        (1, 2, Decimal("30")),
        (2, 1, Decimal("16")),
    ]
    outcomes = {c.check_name: c.outcome for c in app.checks.filter(is_current=True)}
    assert outcomes["completeness"] == "pass" and outcomes["embargo"] == "pass"


def test_an_incomplete_global_application_says_everything_it_lacks(accounts):
    today = timezone.localdate()
    app = gdraft(
        accounts["applicant"],
        period_from=today - timedelta(days=1),
        period_until=today + timedelta(days=4000),
        allowances=[{"party": 1, "line": 1, "quantity": "41", "value_eur": "1.00"}],
    )
    problems = completeness_problems(app)
    messages = " | ".join(p["message"] for p in problems)
    assert "cannot start in the past" in messages
    assert "at most 36 months" in messages
    assert "Give what may go to Rheinmetall Landsysteme GmbH" in messages
    assert "go beyond the line" in messages  # 41 of 40 sights
    with pytest.raises(ValidationFailed):
        services.application_submit(actor=accounts["applicant"], application=app)
    assert Application.objects.get(pk=app.pk).status == Status.DRAFT


def test_a_consignee_outside_the_kinds_destination_rule_is_named(accounts):
    parties = global_data("transfer-global")["parties"]
    parties[1] = {"role": "consignee", "name": "Lockheed Martin", "country": "US"}
    app = gdraft(accounts["applicant"], parties=parties)
    problems = [p for p in completeness_problems(app) if p["field"] == "parties[2].country"]
    assert problems and "Lockheed Martin" in problems[0]["message"]
    parties = global_data("export-military-global")["parties"]
    parties[1] = {"role": "consignee", "name": "Krauss-Maffei Wegmann", "country": "DE"}
    app = gdraft(accounts["applicant"], "export-military-global", parties=parties)
    assert any(p["field"] == "parties[2].country" for p in completeness_problems(app))


def test_a_ceiling_for_a_party_that_is_no_consignee_is_refused_and_nothing_written(accounts):
    app = gdraft(accounts["applicant"])
    before = list(app.allowances.values_list("party_position", "line_position"))
    data = global_data("transfer-global")
    data["allowances"] = [
        {"party": 3, "line": 1, "quantity": "1", "value_eur": "1"},  # an end user
        {"party": 1, "line": 9, "quantity": "1", "value_eur": "1"},  # no such line
        {"party": 2, "line": 1, "quantity": "abc", "value_eur": "1"},
    ]
    with pytest.raises(ValidationFailed) as caught:
        services.application_update_draft(actor=accounts["applicant"], application=app, data=data)
    assert {"allowances[1].party", "allowances[2].line", "allowances[3].quantity"} <= _fields(
        caught.value
    )
    assert list(app.allowances.values_list("party_position", "line_position")) == before


def test_an_individual_kind_refuses_a_period_and_ceilings(accounts):
    data = {**lic.GOOD_DATA["export-military"], "period_from": "2027-01-01"}
    data["allowances"] = [{"party": 1, "line": 1, "quantity": "1", "value_eur": "1"}]
    with pytest.raises(ValidationFailed) as caught:
        services.application_create(actor=accounts["applicant"], kind="export-military", data=data)
    assert {"periodFrom", "allowances"} <= _fields(caught.value)
    assert not ConsigneeAllowance.objects.exists()


def test_a_global_application_refuses_one_destination(accounts):
    with pytest.raises(ValidationFailed) as caught:
        services.application_create(
            actor=accounts["applicant"],
            kind="transfer-global",
            data={**global_data("transfer-global"), "destination": "NL"},
        )
    assert "consignee" in caught.value.errors[0]["message"]


# ------------------------------------------------------------------ checks per consignee


def test_the_embargo_check_covers_every_consignee(accounts, watchlist):
    parties = global_data("export-military-global")["parties"]
    parties[1] = {"role": "consignee", "name": "Rosoboronexport", "country": "RU"}
    app = gsubmitted(accounts, "export-military-global", parties=parties)
    outcome = check_embargo(app)
    assert outcome.outcome == "fail"
    assert {f["country"] for f in outcome.findings} == {"RU"}
    assert any("Rosoboronexport" in f["place"] for f in outcome.findings)


def test_every_consignee_is_screened(accounts, watchlist):
    parties = global_data("export-military-global")["parties"]
    parties[1] = {"role": "consignee", "name": "Ivan Petroff", "country": "TR", "is_person": True}
    app = gsubmitted(accounts, "export-military-global", parties=parties)
    sanctions = app.checks.get(check_name="sanctions", is_current=True)
    assert sanctions.outcome != "pass"
    assert "Ivan Petroff" in sanctions.reason


def test_a_prior_denial_to_the_second_consignees_country_is_found(accounts, watchlist):
    refused = lic.proposed(
        accounts,
        "export-military",
        "refuse",
        destination="NO",
        parties=[
            {"role": "consignee", "name": "Nammo Raufoss AS", "country": "NO"},
            {"role": "end_user", "name": "Some Other End User", "country": "NO"},
        ],
    )
    services.decision_countersign(actor=accounts["senior"], application=refused)
    app = gsubmitted(accounts, "export-military-global")
    assert app.destination_id == "CA"  # the first consignee; NO is the second
    outcome = check_prior_denial(app)
    assert outcome.outcome == "review"
    assert [f["denial"] for f in outcome.findings] == [refused.denial.reference]


# ------------------------------------------------------------------ four eyes and the licence


def test_the_officer_proposes_and_only_a_senior_other_than_the_proposer_countersigns(
    accounts, watchlist
):
    app = gproposed(accounts)
    with pytest.raises(PermissionDenied):
        services.decision_countersign(actor=accounts["officer"], application=app)
    assert Application.objects.get(pk=app.pk).status == Status.DECISION_PROPOSED
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    assert app.status == Status.GRANTED


def test_a_senior_cannot_countersign_a_global_grant_they_proposed(accounts, watchlist):
    app = gsubmitted(accounts)
    senior = accounts["senior"]
    services.application_start_assessment(actor=senior, application=app)
    services.assessment_record_all(
        actor=senior,
        application=app,
        rows=[{"criterion": n, "risk": "low", "reasoning": "r"} for n in range(1, 9)],
    )
    services.decision_propose(
        actor=senior, application=app, decision="grant", reasoning="ok", criteria_cited=[]
    )
    with pytest.raises(PermissionDenied):
        services.decision_countersign(actor=senior, application=app)
    assert not Licence.objects.filter(application=app).exists()


def test_the_licence_covers_the_period_asked_and_carries_the_ceilings(accounts, watchlist):
    today = timezone.localdate()
    app = ggranted(
        accounts, period_from=today + timedelta(days=10), period_until=today + timedelta(days=100)
    )
    licence = app.licence
    assert licence.number.startswith("VL-OVG-")
    assert (licence.valid_from, licence.valid_until) == (
        today + timedelta(days=10),
        today + timedelta(days=100),
    )
    rows = sorted(
        (c.consignee.name, c.licence_line.goods_line.position, c.authorised_quantity)
        for c in licence.ceilings.select_related("consignee", "licence_line__goods_line")
    )
    assert rows == [
        ("Defensie Materieel Organisatie", 1, Decimal("20")),
        ("Defensie Materieel Organisatie", 2, Decimal("30")),
        ("Rheinmetall Landsysteme GmbH", 1, Decimal("16")),
    ]


# ------------------------------------------------------------------ usage per consignee


def _ceiling(licence: Licence, name: str, position: int) -> ConsigneeCeiling:
    return licence.ceilings.get(consignee__name=name, licence_line__goods_line__position=position)


def _use(actor, licence, ceiling, quantity="5", value="75000", **kw):
    return usage_record(
        actor=actor,
        licence=licence,
        consignee_id=kw.pop("consignee_id", ceiling.consignee_id),
        line_id=kw.pop("line_id", ceiling.licence_line_id),
        shipped_on=kw.pop("shipped_on", timezone.localdate()),
        quantity=quantity,
        value_eur=value,
        customs_declaration=kw.pop("customs_declaration", "26BE000000000000001"),
    )


@pytest.fixture
def global_licence(accounts, watchlist) -> Licence:
    return ggranted(accounts, "export-military-global").licence


def test_usage_is_recorded_per_consignee_with_its_country(accounts, global_licence):
    ceiling = _ceiling(global_licence, "Norwegian Defence Materiel Agency", 1)
    record = _use(accounts["applicant"], global_licence, ceiling)
    ceiling.refresh_from_db()
    assert (ceiling.used_quantity, ceiling.remaining_quantity) == (Decimal(5), Decimal(11))
    # the reports' copy is the licence's (first consignee's) country, as for any export;
    # where this shipment went is the consignee's
    assert record.destination_id == global_licence.destination_id == "CA"
    assert record.consignee_usage.ceiling == ceiling
    assert record.consignee_usage.ceiling.consignee.country_id == "NO"
    line = ceiling.licence_line
    line.refresh_from_db()
    assert line.used_quantity == Decimal(5)
    other = _ceiling(global_licence, "Department of National Defence Canada", 1)
    assert other.used_quantity == 0  # another consignee's ceiling is untouched
    event = AuditEvent.objects.filter(verb="licence.usage_recorded").get()
    assert event.payload["consignee"] == "Norwegian Defence Materiel Agency"


def test_usage_beyond_the_consignees_ceiling_is_refused_and_nothing_written(
    accounts, global_licence
):
    ceiling = _ceiling(global_licence, "Norwegian Defence Materiel Agency", 1)
    _use(accounts["applicant"], global_licence, ceiling, quantity="10", value="100000")
    with pytest.raises(ValidationFailed) as caught:
        # 7 more would be 17 of the 16 allowed, although the line (40) has room
        _use(accounts["applicant"], global_licence, ceiling, quantity="7", value="1000")
    assert "quantity" in _fields(caught.value)
    assert "Norwegian" in caught.value.errors[0]["message"]
    ceiling.refresh_from_db()
    assert ceiling.used_quantity == Decimal(10)
    assert ExportRecord.objects.filter(licence_line__licence=global_licence).count() == 1


def test_usage_to_a_consignee_not_on_the_licence_or_a_line_not_allowed_is_refused(
    accounts, global_licence
):
    end_user = global_licence.application.parties.get(role="end_user", country_id="NO")
    ceiling = _ceiling(global_licence, "Norwegian Defence Materiel Agency", 1)
    with pytest.raises(ValidationFailed) as caught:
        _use(accounts["applicant"], global_licence, ceiling, consignee_id=end_user.pk)
    assert _fields(caught.value) == {"consignee"}
    line_2 = global_licence.lines.get(goods_line__position=2)
    with pytest.raises(ValidationFailed) as caught:
        _use(accounts["applicant"], global_licence, ceiling, line_id=line_2.pk)
    assert _fields(caught.value) == {"line"}
    assert not ExportRecord.objects.filter(licence_line__licence=global_licence).exists()


def test_usage_outside_the_validity_or_under_a_suspended_licence_is_refused(
    accounts, global_licence
):
    ceiling = _ceiling(global_licence, "Norwegian Defence Materiel Agency", 1)
    before = global_licence.valid_from - timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        _use(accounts["applicant"], global_licence, ceiling, shipped_on=before)
    assert _fields(caught.value) == {"shippedOn"}
    with pytest.raises(ValidationFailed):
        _use(
            accounts["applicant"],
            global_licence,
            ceiling,
            shipped_on=timezone.localdate() + timedelta(days=1),
        )
    services.licence_change_status(
        actor=accounts["senior"], licence=global_licence, action="suspend", reason="inquiry"
    )
    with pytest.raises(TransitionNotAllowed):
        _use(accounts["applicant"], global_licence, ceiling)
    assert not ExportRecord.objects.filter(licence_line__licence=global_licence).exists()


def test_the_licence_is_exhausted_when_every_consignee_has_used_its_ceilings(
    accounts, global_licence
):
    for ceiling in global_licence.ceilings.all():
        _use(
            accounts["applicant"],
            global_licence,
            ceiling,
            quantity=ceiling.authorised_quantity,
            value=ceiling.authorised_value_eur,
        )
    global_licence.refresh_from_db()
    assert global_licence.status == Licence.Status.EXHAUSTED


def test_a_global_licence_refuses_the_export_of_an_individual_licence_and_vice_versa(
    accounts, global_licence, watchlist
):
    line = global_licence.lines.first()
    with pytest.raises(ValidationFailed) as caught:
        services.export_record(
            actor=accounts["applicant"],
            licence=global_licence,
            line_id=line.pk,
            shipped_on=timezone.localdate(),
            quantity="1",
            value_eur="1",
            customs_declaration="X",
        )
    assert _fields(caught.value) == {"consignee"}
    individual = lic.granted(accounts).licence
    with pytest.raises(ValidationFailed):
        usage_record(
            actor=accounts["applicant"],
            licence=individual,
            consignee_id=1,
            line_id=individual.lines.first().pk,
            shipped_on=timezone.localdate(),
            quantity="1",
            value_eur="1",
            customs_declaration="X",
        )


#: who may record usage: only the holder's applicant; staff can see the licence (403),
#: everyone else cannot (404)
USAGE_REFUSALS = {
    Role.OFFICER: PermissionDenied,
    Role.SENIOR: PermissionDenied,
    Role.MANAGEMENT: PermissionDenied,
    Role.POLICY: NotFound,
    Role.DEVCOOP: NotFound,
    Role.POST: NotFound,
    Role.ADMIN: NotFound,
}


@pytest.mark.parametrize("role", sorted(USAGE_REFUSALS), ids=str)
def test_only_the_holder_records_usage(accounts, global_licence, role):
    ceiling = _ceiling(global_licence, "Norwegian Defence Materiel Agency", 1)
    with pytest.raises(USAGE_REFUSALS[role]):
        _use(accounts[USER_OF_ROLE[role]], global_licence, ceiling)
    assert not ExportRecord.objects.filter(licence_line__licence=global_licence).exists()
    _use(accounts["applicant"], global_licence, ceiling)  # the grant: the holder
    assert ExportRecord.objects.filter(licence_line__licence=global_licence).count() == 1


def test_another_company_sees_nothing_and_records_nothing(accounts, global_licence):
    stranger = accounts["applicant2"]
    app = global_licence.application
    with pytest.raises(NotFound):
        selectors.application_get(stranger, app.pk)
    with pytest.raises(NotFound):
        selectors.licence_get(stranger, global_licence.pk)
    assert not selectors.licences_visible_to(stranger).filter(pk=global_licence.pk).exists()
    ceiling = _ceiling(global_licence, "Norwegian Defence Materiel Agency", 1)
    with pytest.raises(NotFound):
        _use(stranger, global_licence, ceiling)
    draft = gdraft(accounts["applicant"])
    with pytest.raises(NotFound):
        services.application_update_draft(
            actor=stranger, application=draft, data=global_data("transfer-global")
        )


def test_the_demo_has_a_global_transfer_and_a_combined_export_licence_with_usage(
    accounts, watchlist
):
    from foro.licensing import demo

    demo.load()
    for kind in GLOBAL_KINDS:
        licence = Licence.objects.get(kind=kind)
        assert licence.status == Licence.Status.VALID
        assert licence.ceilings.values("consignee").distinct().count() >= 2
        assert licence.ceilings.filter(used_quantity__gt=0).exists()
