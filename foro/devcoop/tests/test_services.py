"""Services: permissions per role, four eyes on publication, the transition table, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.devcoop import fx, services, workflow
from foro.devcoop.models import Activity, PublishedFile
from foro.devcoop.tests.helpers import activity_data, full_activity

pytestmark = pytest.mark.django_db

NOT_WRITERS = ["applicant", "officer", "senior", "policy", "post", "management", "admin"]


@pytest.mark.parametrize("who", NOT_WRITERS)
def test_only_development_officers_create_activities(accounts, who):
    with pytest.raises(PermissionDenied):
        services.activity_create(actor=accounts[who], data=activity_data())


def test_development_officer_creates_with_audit(accounts):
    a = services.activity_create(actor=accounts["devcoop"], data=activity_data())
    assert a.iati_identifier.startswith("BE-BCE_KBO-0316380940-")
    assert AuditEvent.objects.filter(verb="devcoop.activity_created", target_id=str(a.pk)).exists()


def test_every_write_service_leaves_an_audit_event(accounts):
    a = full_activity(accounts["devcoop"])
    verbs = set(
        AuditEvent.objects.filter(target_id=str(a.pk), target_type="devcoop.activity").values_list(
            "verb", flat=True
        )
    )
    assert {
        "devcoop.activity_created",
        "devcoop.budget_added",
        "devcoop.transaction_added",
        "devcoop.result_added",
        "devcoop.document_added",
    } <= verbs
    services.activity_update(
        actor=accounts["devcoop"], activity=a, data=activity_data(title_en="X")
    )
    services.activity_link(actor=accounts["devcoop"], activity=a, ref="44000-P145054", type="4")
    services.publication_request(actor=accounts["devcoop"], activity=a)
    services.publication_return(actor=accounts["management"], activity=a, reason="Check the budget")
    services.publication_request(actor=accounts["devcoop"], activity=a)
    services.publication_approve(actor=accounts["management"], activity=a)
    services.activity_reopen(actor=accounts["devcoop"], activity=a)
    services.organisation_publish(actor=accounts["management"])
    services.strategy_paper_create(
        actor=accounts["devcoop"],
        data={
            "country": "MW",
            "title_nl": "Landenstrategiepapier Malawi",
            "title_en": "Country strategy paper Malawi",
            "period_start": "2023-01-01",
            "period_end": "2027-12-31",
            "budget_eur": "30000000",
        },
    )
    for verb in (
        "devcoop.activity_updated",
        "devcoop.activity_linked",
        "devcoop.activity_submit",
        "devcoop.activity_return",
        "devcoop.activity_approve",
        "devcoop.activity_reopen",
        "devcoop.organisation_published",
        "devcoop.strategy_created",
    ):
        assert AuditEvent.objects.filter(verb=verb).exists(), verb


def test_requester_cannot_approve_own_publication(accounts, django_user_model):
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    with pytest.raises(PermissionDenied):
        services.publication_approve(actor=accounts["devcoop"], activity=a)
    with pytest.raises(PermissionDenied):
        services.publication_return(actor=accounts["devcoop"], activity=a, reason="no")
    a.refresh_from_db()
    assert a.state == Activity.State.SUBMITTED
    assert not PublishedFile.objects.exists()


def test_a_second_development_officer_approves(accounts, django_user_model):
    from foro.core.actors import SystemActor
    from foro.core.roles import Role
    from foro.core.services import user_create

    second = user_create(
        actor=SystemActor.DEMO, username="devcoop2", password="x", roles=[Role.DEVCOOP]
    )
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    published = services.publication_approve(actor=second, activity=a)
    a.refresh_from_db()
    assert a.state == Activity.State.PUBLISHED
    assert a.iati_identifier in published.xml and published.activity_count == 1


@pytest.mark.parametrize("who", ["applicant", "officer", "senior", "policy", "post", "admin"])
def test_other_roles_cannot_approve(accounts, who):
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    with pytest.raises(PermissionDenied):
        services.publication_approve(actor=accounts[who], activity=a)


def test_every_disallowed_move_of_the_table_is_refused(accounts):
    actor = {
        "submit": "devcoop",
        "approve": "management",
        "return": "management",
        "reopen": "devcoop",
    }
    for state in Activity.State.values:
        for t in workflow.TRANSITIONS:
            if state in t.sources:
                continue
            a = full_activity(accounts["devcoop"], identifier=f"T-{state}-{t.action}")
            Activity.objects.filter(pk=a.pk).update(state=state)
            a.refresh_from_db()
            with pytest.raises(TransitionNotAllowed):
                if t.action == "submit":
                    services.publication_request(actor=accounts[actor[t.action]], activity=a)
                elif t.action == "approve":
                    services.publication_approve(actor=accounts[actor[t.action]], activity=a)
                elif t.action == "return":
                    services.publication_return(
                        actor=accounts[actor[t.action]], activity=a, reason="r"
                    )
                else:
                    services.activity_reopen(actor=accounts[actor[t.action]], activity=a)


def test_only_a_draft_can_be_changed(accounts):
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    with pytest.raises(TransitionNotAllowed):
        services.budget_add(
            actor=accounts["devcoop"],
            activity=a,
            data={"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "1"},
        )


def test_an_invalid_activity_cannot_be_submitted_and_the_violation_names_it(accounts):
    a = services.activity_create(actor=accounts["devcoop"], data=activity_data(sectors=[]))
    # no sector at all breaks IATI rule 6.2.2 (a sector at activity or transaction level)
    with pytest.raises(ValidationFailed) as exc:
        services.publication_request(actor=accounts["devcoop"], activity=a)
    assert any("6.2.2" in e["message"] for e in exc.value.errors)
    a.refresh_from_db()
    assert a.state == Activity.State.DRAFT


def test_budget_period_longer_than_a_year_is_refused(accounts):
    a = services.activity_create(actor=accounts["devcoop"], data=activity_data())
    with pytest.raises(ValidationFailed) as exc:
        services.budget_add(
            actor=accounts["devcoop"],
            activity=a,
            data={"period_start": "2024-01-01", "period_end": "2025-06-30", "value": "10"},
        )
    assert exc.value.errors[0]["field"] == "period_end"


def test_sector_percentages_must_add_up_to_100(accounts):
    with pytest.raises(ValidationFailed) as exc:
        services.activity_create(
            actor=accounts["devcoop"],
            data=activity_data(sectors=[{"vocabulary": "1", "code": "31120", "percentage": "60"}]),
        )
    assert any(e["field"] == "sectors" for e in exc.value.errors)


# ------------------------------------------------------------------ currency


def test_transaction_gets_its_eur_value_at_the_ecb_rate_of_its_date(accounts):
    a = services.activity_create(actor=accounts["devcoop"], data=activity_data())
    tx = services.transaction_add(
        actor=accounts["devcoop"],
        activity=a,
        data={"type": "3", "date": "2024-03-16", "value": "1089.20", "currency": "USD"},
    )
    # 16 March 2024 is a Saturday: the rate of Friday 15 March (1 EUR = 1.0892 USD) applies
    assert tx.eur_rate_date == date(2024, 3, 15)
    assert tx.eur_rate == Decimal("1.0892")
    assert tx.value_eur == Decimal("1000.00")


def test_zar_converts_and_a_currency_without_ecb_rate_stays_unconverted(accounts):
    a = services.activity_create(
        actor=accounts["devcoop"], data=activity_data(recipient_country="ZA")
    )
    zar = services.transaction_add(
        actor=accounts["devcoop"],
        activity=a,
        data={"type": "3", "date": "2023-06-01", "value": "20000", "currency": "ZAR"},
    )
    assert zar.value_eur is not None and zar.value_eur < Decimal(20000)
    mwk = services.transaction_add(
        actor=accounts["devcoop"],
        activity=a,
        data={"type": "3", "date": "2023-06-01", "value": "20000", "currency": "MWK"},
    )
    assert mwk.value_eur is None and mwk.eur_rate is None


def test_rate_is_never_taken_from_after_the_date_nor_from_too_long_before():
    table = fx.parse("Date,USD,\n2024-01-10,1.10,\n2024-01-02,1.05,\n")
    assert fx.rate_on("USD", date(2024, 1, 5), table).per_eur == Decimal("1.05")  # type: ignore[union-attr]
    assert fx.rate_on("USD", date(2024, 1, 1), table) is None
    assert fx.rate_on("USD", date(2024, 2, 1), table) is None
    assert fx.rate_on("EUR", date(1990, 1, 1), table).per_eur == 1  # type: ignore[union-attr]
