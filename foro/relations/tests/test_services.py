"""Relations' write services: who may write, what is refused, one audit event per write."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from foro.core.errors import Conflict, PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.relations import services
from foro.relations.models import ActionReminder, Contact, FollowUpAction, Partner
from foro.relations.tests.conftest import make_interaction

WRITERS = ("policy", "post")
NOT_WRITERS = ("management", "officer", "senior", "devcoop", "admin", "applicant")


def _events(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


@pytest.mark.parametrize("role", WRITERS)
def test_policy_officers_and_post_staff_register_partners(accounts, role):
    before = _events("partner.created")
    partner = services.partner_create(
        actor=accounts[role], data={"name": "UNESCO", "kind": "international", "country": "FR"}
    )
    assert partner.pk and _events("partner.created") == before + 1


@pytest.mark.parametrize("role", NOT_WRITERS)
def test_other_roles_cannot_write_relations(accounts, role):
    with pytest.raises(PermissionDenied):
        services.partner_create(
            actor=accounts[role], data={"name": "UNESCO", "kind": "international"}
        )
    assert not Partner.objects.filter(name="UNESCO").exists()


def test_partner_input_reports_every_problem_at_once(accounts):
    with pytest.raises(ValidationFailed) as exc:
        services.partner_create(
            actor=accounts["policy"],
            data={"name": "", "kind": "planet", "country": "XX", "website": "ftp://x"},
        )
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"name", "kind", "country", "website"}


def test_a_contact_records_its_lawful_basis_and_source(accounts, partner):
    contact = services.contact_create(
        actor=accounts["policy"],
        partner=partner,
        data={
            "last_name": "Tremblay",
            "consent_basis": "consent",
            "consent_date": "02/03/2026",
            "source": "business card",
        },
    )
    assert (contact.consent_basis, contact.consent_date) == ("consent", date(2026, 3, 2))
    event = AuditEvent.objects.filter(verb="contact.created").last()
    assert event.payload["source"] == "business card"


def test_a_contact_without_basis_or_source_is_refused(accounts, partner):
    with pytest.raises(ValidationFailed) as exc:
        services.contact_create(
            actor=accounts["policy"], partner=partner, data={"last_name": "Tremblay"}
        )
    assert {e["field"] for e in exc.value.errors} == {"consent_basis", "consent_date", "source"}
    assert not Contact.objects.exists()


def test_an_interaction_needs_a_partner_or_contact_and_known_objectives(accounts):
    with pytest.raises(ValidationFailed) as exc:
        services.interaction_create(
            actor=accounts["post"],
            data={"kind": "call", "date": "2026-03-02", "subject": "x", "objectives": [12]},
        )
    assert {e["field"] for e in exc.value.errors} == {"partners", "objectives"}


def test_an_interaction_is_recorded_with_its_tags(accounts, partner):
    before = _events("interaction.created")
    interaction = services.interaction_create(
        actor=accounts["post"],
        data={
            "kind": "meeting",
            "date": "2026-03-02",
            "subject": "Culture",
            "partners": [partner.pk],
            "objectives": [4, 7],
            "staff": ["post", "policy"],
        },
    )
    assert [o.number for o in interaction.objectives.all()] == [4, 7]
    assert {u.username for u in interaction.staff.all()} == {"post", "policy"}
    assert interaction.created_by == accounts["post"]
    assert _events("interaction.created") == before + 1


def test_follow_up_action_is_completed_once(accounts, interaction):
    action = services.action_create(
        actor=accounts["policy"],
        interaction=interaction,
        data={"description": "Send minutes", "owner": "post", "due_date": "2026-03-20"},
    )
    services.action_complete(actor=accounts["post"], action=action)
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None
    with pytest.raises(Conflict):
        services.action_complete(actor=accounts["post"], action=action)
    assert _events("action.completed") == 1


def test_instrument_period_and_partners_are_checked(accounts, partner):
    with pytest.raises(ValidationFailed) as exc:
        services.instrument_create(
            actor=accounts["policy"],
            data={
                "kind": "mou",
                "title": "MoU",
                "starts_on": "2026-01-01",
                "ends_on": "2025-01-01",
            },
        )
    assert {e["field"] for e in exc.value.errors} == {"partners", "ends_on"}
    instrument = services.instrument_create(
        actor=accounts["policy"],
        data={
            "kind": "mou",
            "title": "MoU on heritage",
            "partners": [partner.pk],
            "starts_on": "2026-01-01",
            "treaty_reference": "https://example.org/treaties/42",
        },
    )
    services.instrument_meeting_add(
        actor=accounts["policy"], instrument=instrument, data={"date": "2026-06-01"}
    )
    assert instrument.meetings.count() == 1
    assert _events("instrument.created") == 1 and _events("instrument.meeting_added") == 1


def test_contribution_once_per_partner_year_and_fund(accounts, partner):
    data = {"year": 2025, "fund": "Trust fund", "amount_eur": "1500000,00"}
    services.contribution_create(actor=accounts["policy"], partner=partner, data=data)
    with pytest.raises(ValidationFailed):
        services.contribution_create(actor=accounts["policy"], partner=partner, data=data)
    with pytest.raises(ValidationFailed):
        services.contribution_create(
            actor=accounts["policy"],
            partner=partner,
            data={**data, "year": 2024, "amount_eur": "-1"},
        )


def test_membership_is_recorded(accounts, partner):
    services.membership_create(
        actor=accounts["policy"],
        partner=partner,
        data={"kind": "board", "body": "Executive Board", "starts_on": "2024-01-01"},
    )
    assert _events("membership.created") == 1


# ---------------------------------------------------------------- reminders


def _overdue_action(accounts, interaction, days=3):
    return services.action_create(
        actor=accounts["policy"],
        interaction=interaction,
        data={
            "description": "Send minutes",
            "owner": "post",
            "due_date": timezone.localdate() - timedelta(days=days),
        },
    )


def test_an_overdue_action_is_reminded_exactly_once(accounts, interaction):
    action = _overdue_action(accounts, interaction)
    services.action_create(
        actor=accounts["policy"],
        interaction=interaction,
        data={"description": "Not yet due", "owner": "post", "due_date": timezone.localdate()},
    )
    assert services.reminders_send_overdue() == 1
    assert services.reminders_send_overdue() == 0
    assert ActionReminder.objects.filter(action=action).count() == 1
    assert len(mail.outbox) == 1 and "post@demo.foro.example" in mail.outbox[0].to
    assert _events("action.reminded") == 1


def test_a_done_action_is_not_reminded(accounts, interaction):
    action = _overdue_action(accounts, interaction)
    services.action_complete(actor=accounts["post"], action=action)
    assert services.reminders_send_overdue() == 0


def test_the_daily_task_sends_the_reminders(accounts, interaction):
    from foro.core.periodic import DAILY, enqueue_due

    _overdue_action(accounts, interaction)
    assert "relations.remind" in DAILY
    enqueue_due()
    enqueue_due()  # a second worker the same day: nothing
    assert ActionReminder.objects.count() == 1
    assert FollowUpAction.objects.get().reminders.count() == 1


def test_interactions_of_a_year_helper(partner):
    make_interaction(partner, day=date(2025, 5, 1))
    assert partner.interactions.count() == 1
