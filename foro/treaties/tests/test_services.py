"""Services of the register: permission, validation (nothing half-written), audit."""

from __future__ import annotations

from datetime import date

import pytest

from foro.core.errors import Conflict, PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.treaties import services
from foro.treaties.models import Treaty
from foro.treaties.tests.conftest import DATA, make_treaty

pytestmark = pytest.mark.django_db


def _last_verb() -> str:
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    return event.verb


@pytest.mark.parametrize(
    "role", ["applicant", "officer", "senior", "devcoop", "post", "management", "admin"]
)
def test_only_policy_officers_write(accounts, role):
    with pytest.raises(PermissionDenied):
        services.treaty_create(actor=accounts[role], data=DATA)
    treaty = make_treaty()
    with pytest.raises(PermissionDenied):
        services.treaty_update(actor=accounts[role], treaty=treaty, data=DATA)
    with pytest.raises(PermissionDenied):
        services.party_save(actor=accounts[role], treaty=treaty, name="X")


def test_create_records_an_audit_event_and_the_officer(accounts):
    treaty = services.treaty_create(actor=accounts["policy"], data=DATA)
    assert _last_verb() == "treaty.created"
    assert treaty.officer == accounts["policy"]
    assert [c.code for c in treaty.countries.all()] == ["ZA"]


def test_invalid_input_lists_every_problem_and_writes_nothing(accounts):
    before = Treaty.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.treaty_create(
            actor=accounts["policy"],
            data={
                "title_nl": "",
                "kind": "trilateral",
                "competence": "",
                "countries": ["XX"],
                "domains": ["sport"],
                "eli_gazette": "ftp://x",
                "title_en": "x" * 501,
            },
        )
    fields = {e["field"] for e in exc.value.errors}
    assert {
        "title_nl",
        "kind",
        "competence",
        "countries",
        "domains",
        "eli_gazette",
        "title_en",
    } <= fields
    assert Treaty.objects.count() == before


def test_update_checks_the_revision_and_records_the_changes(accounts):
    treaty = make_treaty(accounts["policy"])
    services.treaty_update(
        actor=accounts["policy"], treaty=treaty, data={**DATA, "depositary": "Belgium"}, revision=1
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None and event.verb == "treaty.updated"
    assert "depositary" in event.payload["changes"]
    with pytest.raises(Conflict):
        services.treaty_update(actor=accounts["policy"], treaty=treaty, data=DATA, revision=1)


def test_parties_and_statements_of_a_multilateral_treaty(accounts):
    treaty = make_treaty(accounts["policy"], kind="multilateral", countries=[])
    party = services.party_save(
        actor=accounts["policy"],
        treaty=treaty,
        name="",
        country="NL",
        signed_on="17/12/1998",
        consent_kind="ratification",
        consent_on=date(1999, 7, 28),
    )
    assert party.name == "Netherlands" and party.consent_kind == "ratification"
    assert _last_verb() == "treaty.party_saved"
    services.statement_add(
        actor=accounts["policy"],
        party=party,
        kind="reservation",
        text="Article 5 …",
        made_on="1999-07-28",
    )
    assert _last_verb() == "treaty.statement_added"
    with pytest.raises(ValidationFailed):
        services.party_save(
            actor=accounts["policy"], treaty=treaty, name="X", consent_on="1999-01-01"
        )


def test_bilateral_treaty_has_no_parties_table(accounts):
    with pytest.raises(ValidationFailed):
        services.party_save(actor=accounts["policy"], treaty=make_treaty(), name="X", country="NL")
