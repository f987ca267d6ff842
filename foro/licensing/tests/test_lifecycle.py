"""The whole life cycle of each kind through the services, and the rules on the way."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from foro.core.errors import NotFound, PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.licensing import services
from foro.licensing.models import Application, Denial, GoodsLine, Licence, Status
from foro.licensing.tests.conftest import GOOD_DATA, PDF, draft, granted, proposed, submitted

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")

KINDS = list(GOOD_DATA)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_goes_from_draft_to_a_licence(accounts, watchlist, kind):
    app = granted(accounts, kind)
    assert app.status == Status.GRANTED
    licence = app.licence
    assert licence.status == Licence.Status.VALID
    code = {"export-military": "UIT", "transfer-intra-eu": "OVB", "export-dual-use": "TGU"}[kind]
    year = date.today().year
    assert licence.number.startswith(f"VL-{code}-{year}-")
    assert len(licence.verification_code) == 19
    months = 36 if kind == "export-dual-use" else 24
    assert licence.valid_until > licence.valid_from + timedelta(days=months * 30 - 10)
    assert [ln.authorised_quantity for ln in licence.lines.all()] == [
        Decimal(g["quantity"]) for g in GOOD_DATA[kind]["goods"]
    ]
    verbs = list(
        AuditEvent.objects.filter(
            target_type="licensing.application", target_id=str(app.pk)
        ).values_list("verb", flat=True)
    )
    for verb in (
        "application.created",
        "application.submit",
        "application.propose_decision",
        "application.countersign_grant",
    ):
        assert verb in verbs


def test_checks_run_on_submission_with_rule_versions(accounts, watchlist):
    app = submitted(accounts)
    checks = {c.check_name: c for c in app.checks.filter(is_current=True)}
    assert set(checks) == {"completeness", "control_list", "embargo", "sanctions", "prior_denial"}
    assert all(c.outcome == "pass" for c in checks.values()), {
        k: c.reason for k, c in checks.items()
    }
    assert checks["embargo"].rule_version == "embargoes v1"
    assert "foro-watch v1" in checks["sanctions"].rule_version
    assert checks["control_list"].rule_version == "military-list v1"


def test_submission_lists_every_problem_at_once(accounts):
    app = services.application_create(
        actor=accounts["applicant"], kind="export-military", data={"destination": "FR"}
    )
    with pytest.raises(ValidationFailed) as info:
        services.application_submit(actor=accounts["applicant"], application=app)
    fields = [e["field"] for e in info.value.errors]
    assert "destination" in fields  # France is in the EU: wrong kind
    assert "endUse" in fields and "goods" in fields and "documents" in fields
    assert fields.count("parties") == 2  # consignee and end user
    app.refresh_from_db()
    assert app.status == Status.DRAFT


@pytest.mark.parametrize(
    "goods,field",
    [
        ({"control_entry": "ML99"}, "goods[1].controlEntry"),
        (
            {"control_entry": "1C350"},
            "goods[1].controlEntry",
        ),  # a dual-use entry on a military licence
        ({"cn_code": "9306"}, "goods[1].cnCode"),
        ({"quantity": "-5"}, "goods[1].quantity"),
        ({"quantity": "lots"}, "goods[1].quantity"),
        ({"value_eur": "12.345"}, "goods[1].valueEur"),
    ],
)
def test_invalid_goods_are_refused_and_nothing_is_saved(accounts, goods, field):
    app = draft(accounts["applicant"])
    before = list(GoodsLine.objects.filter(application=app).values_list("cn_code", "quantity"))
    line = {**GOOD_DATA["export-military"]["goods"][0], **goods}
    with pytest.raises(ValidationFailed) as info:
        services.application_update_draft(
            actor=accounts["applicant"], application=app, data={"goods": [line]}
        )
    assert [e["field"] for e in info.value.errors] == [field]
    assert (
        list(GoodsLine.objects.filter(application=app).values_list("cn_code", "quantity")) == before
    )


def test_invalid_file_is_refused_and_not_attached(accounts, english):
    app = services.application_create(actor=accounts["applicant"], kind="export-military")
    with pytest.raises(ValidationFailed, match="not a document type"):
        services.application_attach_document(
            actor=accounts["applicant"],
            application=app,
            kind="end_user_certificate",
            name="euc.pdf",
            content=b"MZ\x90\x00" * 50,
        )
    assert app.documents.count() == 0


def test_draft_saves_partially(accounts):
    app = services.application_create(
        actor=accounts["applicant"], kind="export-dual-use", data={"end_use": "Research"}
    )
    services.application_update_draft(
        actor=accounts["applicant"],
        application=app,
        data={"goods": [{"description": "Half a line"}]},
    )
    assert app.goods.get().description == "Half a line"


def test_officer_cannot_countersign_own_proposal(accounts, watchlist):
    app = submitted(accounts)
    senior = accounts["senior"]
    services.application_start_assessment(actor=senior, application=app)
    for c in range(1, 9):
        services.assessment_record(
            actor=senior, application=app, criterion=c, risk="none", reasoning="ok"
        )
    services.decision_propose(actor=senior, application=app, decision="grant", reasoning="fine")
    with pytest.raises(PermissionDenied):
        services.decision_countersign(actor=senior, application=app)
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED
    assert not Licence.objects.filter(application=app).exists()


def test_a_plain_officer_cannot_countersign(accounts, watchlist):
    app = proposed(accounts)
    with pytest.raises(PermissionDenied):
        services.decision_countersign(actor=accounts["officer2"], application=app)


def test_countersigning_twice_is_a_conflict(accounts, watchlist):
    from foro.core.errors import Conflict

    app = granted(accounts)
    with pytest.raises(Conflict):
        services.decision_countersign(actor=accounts["senior"], application=app)
    assert Licence.objects.filter(application=app).count() == 1


def test_send_back_returns_to_assessment_with_a_comment(accounts, watchlist):
    app = proposed(accounts)
    with pytest.raises(ValidationFailed):
        services.decision_send_back(actor=accounts["senior"], application=app, comment="")
    services.decision_send_back(
        actor=accounts["senior"], application=app, comment="Check criterion 7 again"
    )
    app.refresh_from_db()
    assert app.status == Status.UNDER_ASSESSMENT
    assert app.proposals.get().review == "sent_back"


def test_refusal_must_cite_a_criterion(accounts, watchlist):
    from foro.licensing.tests.conftest import assessed

    app = assessed(accounts)
    with pytest.raises(ValidationFailed) as info:
        services.decision_propose(
            actor=accounts["officer"],
            application=app,
            decision="refuse",
            reasoning="no",
            criteria_cited=[],
        )
    assert info.value.errors[0]["field"] == "criteriaCited"


def test_proposal_needs_all_eight_criteria(accounts, watchlist):
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    services.assessment_record(
        actor=accounts["officer"], application=app, criterion=1, risk="low", reasoning="x"
    )
    with pytest.raises(ValidationFailed) as info:
        services.decision_propose(
            actor=accounts["officer"], application=app, decision="grant", reasoning="x"
        )
    assert "2, 3, 4, 5, 6, 7, 8" in info.value.errors[0]["message"]


def test_refusal_creates_a_denial_and_the_prior_denial_check_finds_it(accounts, watchlist):
    app = proposed(accounts, decision="refuse")
    services.decision_countersign(actor=accounts["senior"], application=app)
    app.refresh_from_db()
    assert app.status == Status.REFUSED
    denial = Denial.objects.get(application=app)
    assert denial.criteria == [2, 7] and denial.control_categories == ["ML1", "ML3"]
    # the same goods category to the same destination, by another company
    other = draft(accounts["applicant2"])
    services.application_submit(actor=accounts["applicant2"], application=other)
    check = other.checks.get(check_name="prior_denial", is_current=True)
    assert check.outcome == "review"
    assert denial.reference in check.reason


def test_embargoed_destination_blocks_a_grant(accounts, watchlist):
    from foro.licensing.tests.conftest import assessed

    parties = [
        {"role": "consignee", "name": "Rosoboronexport", "address": "Moscow", "country": "RU"},
        {"role": "end_user", "name": "Ministry of Defence", "address": "Moscow", "country": "RU"},
    ]
    app = assessed(accounts, destination="RU", parties=parties)
    embargo = app.checks.get(check_name="embargo", is_current=True)
    assert embargo.outcome == "fail" and "EU" in embargo.reason
    with pytest.raises(ValidationFailed) as info:
        services.decision_propose(
            actor=accounts["officer"], application=app, decision="grant", reasoning="x"
        )
    assert any(e["field"] == "checks" for e in info.value.errors)
    # a refusal is still possible
    services.decision_propose(
        actor=accounts["officer"],
        application=app,
        decision="refuse",
        reasoning="Embargo",
        criteria_cited=[1],
    )


def test_screening_hit_must_be_disposed_before_a_proposal(accounts, watchlist):
    from foro.licensing.screening import _hits, open_hit_count
    from foro.licensing.tests.conftest import SANCTIONED_PARTIES, assessed
    from foro.screening.services import hit_dispose

    parties = SANCTIONED_PARTIES
    app = assessed(accounts, parties=parties)
    assert app.checks.get(check_name="sanctions", is_current=True).outcome == "review"
    assert open_hit_count(app) >= 1
    with pytest.raises(ValidationFailed) as info:
        services.decision_propose(
            actor=accounts["officer"], application=app, decision="grant", reasoning="x"
        )
    assert any(e["field"] == "screening" for e in info.value.errors)
    for hit in _hits(app).filter(status="open"):
        hit_dispose(
            actor=accounts["officer"],
            hit=hit,
            status="false_positive",
            reason="Different person: born 1990, Canadian",
        )
    services.decision_propose(
        actor=accounts["officer"], application=app, decision="grant", reasoning="x"
    )


def test_information_request_pauses_the_clock_and_notifies(
    accounts, watchlist, django_capture_on_commit_callbacks
):
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    with django_capture_on_commit_callbacks(execute=True):
        services.information_request(
            actor=accounts["officer"], application=app, question="Who is the ultimate end user?"
        )
    app.refresh_from_db()
    assert app.status == Status.INFORMATION_REQUESTED
    assert len(mail.outbox) == 1 and app.reference in mail.outbox[0].subject
    assert mail.outbox[0].to == ["applicant@demo.foro.example"]
    with pytest.raises(ValidationFailed):
        services.information_answer(actor=accounts["applicant"], application=app, answer="")
    services.information_answer(
        actor=accounts["applicant"],
        application=app,
        answer="The Canadian Army.",
        documents=[("letter.pdf", PDF)],
    )
    app.refresh_from_db()
    assert app.status == Status.UNDER_ASSESSMENT
    assert app.documents.filter(kind="information_answer").count() == 1


def test_consultation_must_be_answered_before_resuming(accounts, watchlist):
    app = submitted(accounts)
    services.application_start_assessment(actor=accounts["officer"], application=app)
    due = date.today() + timedelta(days=14)
    c = services.consultation_start(
        actor=accounts["officer"],
        application=app,
        body="fps_foreign_affairs",
        question="Any concerns?",
        due_date=due,
    )
    services.consultation_start(
        actor=accounts["officer"],
        application=app,
        body="state_security",
        question="Known?",
        due_date=due,
    )
    with pytest.raises(TransitionNotAllowed):
        services.consultation_close(actor=accounts["officer"], application=app)
    services.consultation_answer(
        actor=accounts["officer"], consultation=c, outcome="no_objection", answer="None"
    )
    services.consultation_answer(
        actor=accounts["officer"],
        consultation=app.consultations.last(),
        outcome="concerns",
        answer="Watch broker",
    )
    services.consultation_close(actor=accounts["officer"], application=app)
    app.refresh_from_db()
    assert app.status == Status.UNDER_ASSESSMENT


def test_withdraw_from_an_open_state_but_not_after_a_decision(accounts, watchlist):
    app = submitted(accounts)
    services.application_withdraw(
        actor=accounts["applicant"], application=app, reason="Order cancelled"
    )
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN
    done = granted(accounts)
    with pytest.raises(TransitionNotAllowed):
        services.application_withdraw(actor=accounts["applicant"], application=done)


def test_another_organisation_cannot_touch_the_application(accounts, watchlist):
    app = draft(accounts["applicant"])
    stranger = accounts["applicant2"]
    with pytest.raises(NotFound):
        services.application_submit(actor=stranger, application=app)
    with pytest.raises(NotFound):
        services.application_update_draft(
            actor=stranger, application=app, data={"end_use": "hijack"}
        )
    with pytest.raises(NotFound):
        services.application_attach_document(
            actor=stranger, application=app, kind="other", name="x.pdf", content=PDF
        )
    with pytest.raises(NotFound):
        services.application_withdraw(actor=stranger, application=app)
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.end_use != "hijack"


def test_exports_reduce_what_remains_and_exhaust_the_licence(accounts, watchlist):
    app = granted(accounts, "export-dual-use")
    lic = app.licence
    line = lic.lines.get()
    today = date.today()
    services.export_record(
        actor=accounts["applicant"],
        licence=lic,
        line_id=line.pk,
        shipped_on=today,
        quantity="200",
        value_eur="6000",
        customs_declaration="26BE000000000001A1",
    )
    line.refresh_from_db()
    assert line.remaining_quantity == Decimal("50.5")
    with pytest.raises(ValidationFailed) as info:
        services.export_record(
            actor=accounts["applicant"],
            licence=lic,
            line_id=line.pk,
            shipped_on=today,
            quantity="51",
            value_eur="100",
            customs_declaration="26BE000000000002A1",
        )
    assert info.value.errors[0]["field"] == "quantity"
    line.refresh_from_db()
    assert line.used_quantity == Decimal("200")
    services.export_record(
        actor=accounts["applicant"],
        licence=lic,
        line_id=line.pk,
        shipped_on=today,
        quantity="50.5",
        value_eur="2200",
        customs_declaration="26BE000000000003A1",
    )
    lic.refresh_from_db()
    assert lic.status == Licence.Status.EXHAUSTED
    with pytest.raises(TransitionNotAllowed):
        services.export_record(
            actor=accounts["applicant"],
            licence=lic,
            line_id=line.pk,
            shipped_on=today,
            quantity="1",
            value_eur="1",
            customs_declaration="x",
        )


def test_export_by_another_organisation_or_outside_validity_is_refused(accounts, watchlist):
    lic = granted(accounts).licence
    line = lic.lines.first()
    with pytest.raises(NotFound):
        services.export_record(
            actor=accounts["applicant2"],
            licence=lic,
            line_id=line.pk,
            shipped_on=date.today(),
            quantity="1",
            value_eur="1",
            customs_declaration="x",
        )
    with pytest.raises(ValidationFailed):
        services.export_record(
            actor=accounts["applicant"],
            licence=lic,
            line_id=line.pk,
            shipped_on=date.today() - timedelta(days=400),
            quantity="1",
            value_eur="1",
            customs_declaration="x",
        )


def test_suspension_and_revocation_need_a_senior_and_a_reason(accounts, watchlist):
    lic = granted(accounts).licence
    with pytest.raises(PermissionDenied):
        services.licence_change_status(
            actor=accounts["officer"], licence=lic, action="suspend", reason="Doubt"
        )
    with pytest.raises(ValidationFailed):
        services.licence_change_status(
            actor=accounts["senior"], licence=lic, action="suspend", reason=""
        )
    services.licence_change_status(
        actor=accounts["senior"],
        licence=lic,
        action="suspend",
        reason="New information on the end user",
    )
    lic.refresh_from_db()
    assert lic.status == "suspended"
    services.licence_change_status(
        actor=accounts["senior"], licence=lic, action="reinstate", reason="Clarified"
    )
    services.licence_change_status(
        actor=accounts["senior"], licence=lic, action="revoke", reason="Embargo"
    )
    lic.refresh_from_db()
    assert lic.status == "revoked"
    with pytest.raises(TransitionNotAllowed):
        services.licence_change_status(
            actor=accounts["senior"], licence=lic, action="reinstate", reason="undo"
        )


def test_daily_task_expires_licences(accounts, watchlist):
    lic = granted(accounts).licence
    assert services.licences_expire(today=lic.valid_until) == 0
    assert services.licences_expire(today=lic.valid_until + timedelta(days=1)) == 1
    lic.refresh_from_db()
    assert lic.status == "expired"
    # the reason carries the date in the Belgian format (d/m/Y), not ISO
    assert lic.valid_until.strftime("%d/%m/%Y") in lic.status_reason


def test_decision_is_mailed_to_the_applicant(
    accounts, watchlist, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        app = granted(accounts)
    assert any(app.licence.number in m.body for m in mail.outbox)


def test_application_reference_is_sequential(accounts):
    a = services.application_create(actor=accounts["applicant"], kind="export-military")
    b = services.application_create(actor=accounts["applicant2"], kind="export-military")
    assert int(b.reference.rsplit("-", 1)[1]) == int(a.reference.rsplit("-", 1)[1]) + 1


def test_only_applicants_create_applications(accounts):
    for role in ("officer", "senior", "policy", "management", "admin"):
        with pytest.raises(PermissionDenied):
            services.application_create(actor=accounts[role], kind="export-military")
    assert not Application.objects.filter(created_by__username__in=["officer", "senior"]).exists()


def test_the_applicant_itself_is_screened_on_submission(accounts, watchlist):
    from foro.core.models import Country
    from foro.core.roles import Role
    from foro.core.tests.factories import OrganisationFactory, UserFactory
    from foro.licensing.screening import applicant_hits

    org = OrganisationFactory(
        name="Müller Präzisionstechnik GmbH", country=Country.objects.get(code="DE")
    )
    user = UserFactory(roles=[Role.APPLICANT], organisation=org)
    app = draft(user)
    services.application_submit(actor=user, application=app)
    hits = applicant_hits(app)
    assert [h.entry_id for h in hits] == ["FD-2022-010"]
    check = app.checks.get(check_name="sanctions", is_current=True)
    assert check.outcome == "review" and "Müller" in check.reason


def test_the_daily_job_expires_licences_through_the_task_queue(accounts, watchlist, time_machine):
    from foro.core.periodic import enqueue_due

    lic = granted(accounts).licence
    time_machine.move_to(lic.valid_until + timedelta(days=1, hours=12))
    assert "licences.expire" in enqueue_due()
    lic.refresh_from_db()
    assert lic.status == "expired"


def test_minister_decision_doubles_the_target_and_is_officer_only(accounts, watchlist):
    from foro.licensing.clock import clock_for

    app = submitted(accounts)
    app.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.application_set_minister_decides(
            actor=accounts["applicant"], application=app, minister_decides=True
        )
    before = clock_for(app).deadline
    services.application_set_minister_decides(
        actor=accounts["officer"], application=app, minister_decides=True
    )
    app.refresh_from_db()
    assert (clock_for(app).deadline - before).days == 42
