"""Amendments and renewals of an issued licence: each a new version under the four-eyes rule
(an officer proposes, a different senior officer countersigns), every disallowed move per
role refused, the holder isolated from other organisations, the version in force on the
public verification page and in the licence PDF."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone, translation

from foro.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from foro.core.models import AuditEvent, User
from foro.core.roles import Role, roles_of
from foro.licensing import selectors, services
from foro.licensing.models import Licence, LicenceVersion
from foro.licensing.services import amendments
from foro.licensing.tests.conftest import granted
from foro.licensing.workflow_amendments import AMENDMENT_TRANSITIONS, NEW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages (Dutch is the default language)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _lists(watchlist):
    """A sanctions list loaded: without one no party is called clear and nothing is granted."""


def _licence(accounts, kind="export-military") -> Licence:
    return granted(accounts, kind).licence


def _propose(accounts, lic, who="officer", **changes) -> LicenceVersion:
    line = lic.lines.order_by("goods_line__position").first()
    changes.setdefault("lines", [{"line": line.pk, "quantity": "150000", "valueEur": "60000"}])
    return amendments.amendment_propose(
        actor=accounts[who], licence=lic, kind="amendment", reason="Follow-up order", **changes
    )


def test_an_amendment_comes_into_force_only_when_a_second_senior_countersigns(
    accounts, django_capture_on_commit_callbacks
):
    lic = _licence(accounts)
    line = lic.lines.order_by("goods_line__position").first()
    v = _propose(accounts, lic)
    line.refresh_from_db()
    assert line.authorised_quantity == Decimal("100000")  # nothing changed yet
    assert v.state == "proposed" and v.number is None
    assert amendments.version_in_force(lic) == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        amendments.amendment_countersign(actor=accounts["senior"], version=v)
    line.refresh_from_db()
    v.refresh_from_db()
    assert (line.authorised_quantity, line.authorised_value_eur) == (
        Decimal("150000"),
        Decimal("60000"),
    )
    assert v.state == "in_force" and v.number == 2
    assert amendments.version_in_force(lic) == 2
    first = LicenceVersion.objects.get(licence=lic, number=1)
    assert first.state == "superseded"
    assert first.content["lines"][0]["quantity"] == "100000.000"  # version 1 as issued
    assert mail.outbox and lic.number in mail.outbox[0].subject
    verbs = list(
        AuditEvent.objects.filter(target_id=str(lic.pk), verb__startswith="licence.version")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["licence.version_proposed", "licence.version_in_force"]


def test_the_proposer_cannot_countersign_even_as_a_senior_officer(accounts):
    lic = _licence(accounts)
    v = _propose(accounts, lic, who="senior")
    with pytest.raises(PermissionDenied):
        amendments.amendment_countersign(actor=accounts["senior"], version=v)
    with pytest.raises(PermissionDenied):
        amendments.amendment_send_back(actor=accounts["senior"], version=v, comment="no")
    v.refresh_from_db()
    assert v.state == "proposed"


def _actor_with(role: Role, accounts) -> User:
    for user in accounts.values():
        if roles_of(user) == frozenset({role}):
            return user
    raise AssertionError(role)


@pytest.mark.parametrize("t", AMENDMENT_TRANSITIONS, ids=lambda t: t.action)
def test_every_role_outside_the_table_is_refused(accounts, t):
    lic = _licence(accounts)
    for role in Role:
        if role in t.roles:
            continue
        actor = _actor_with(role, accounts) if role != Role.APPLICANT else accounts["applicant"]
        if t.action == "propose":
            with pytest.raises((PermissionDenied, NotFound)):
                _propose(accounts, lic, who=actor.username)
        else:
            v = _propose(accounts, lic)
            call = {
                "countersign": lambda v=v, a=actor: amendments.amendment_countersign(
                    actor=a, version=v
                ),
                "send_back": lambda v=v, a=actor: amendments.amendment_send_back(
                    actor=a, version=v, comment="x"
                ),
                "withdraw": lambda v=v, a=actor: amendments.amendment_withdraw(actor=a, version=v),
            }[t.action]
            # a role that may not see the licence finds nothing; one that may is forbidden
            with pytest.raises((PermissionDenied, NotFound)):
                call()
            v.refresh_from_db()
            assert v.state == "proposed"
            amendments.amendment_withdraw(actor=accounts["officer"], version=v)


@pytest.mark.parametrize(
    "t", [t for t in AMENDMENT_TRANSITIONS if t.action != "propose"], ids=lambda t: t.action
)
@pytest.mark.parametrize("state", ["in_force", "sent_back", "withdrawn"])
def test_every_step_from_a_wrong_state_is_refused(accounts, t, state):
    lic = _licence(accounts)
    v = _propose(accounts, lic)
    if state == "in_force":
        amendments.amendment_countersign(actor=accounts["senior"], version=v)
    elif state == "sent_back":
        amendments.amendment_send_back(actor=accounts["senior"], version=v, comment="Check it")
    else:
        amendments.amendment_withdraw(actor=accounts["officer"], version=v)
    actor = accounts["senior"] if t.action != "withdraw" else accounts["officer"]
    calls = {
        "countersign": lambda: amendments.amendment_countersign(actor=actor, version=v),
        "send_back": lambda: amendments.amendment_send_back(actor=actor, version=v, comment="x"),
        "withdraw": lambda: amendments.amendment_withdraw(actor=actor, version=v),
    }
    with pytest.raises((TransitionNotAllowed, Conflict)):
        calls[t.action]()


def test_the_table_starts_from_nothing_proposed():
    assert [t.action for t in AMENDMENT_TRANSITIONS if NEW in t.sources] == ["propose"]


def test_only_the_proposer_withdraws(accounts):
    lic = _licence(accounts)
    v = _propose(accounts, lic, who="senior")
    with pytest.raises(PermissionDenied):
        amendments.amendment_withdraw(actor=accounts["officer"], version=v)
    amendments.amendment_withdraw(actor=accounts["senior"], version=v)
    v.refresh_from_db()
    assert v.state == "withdrawn" and v.number is None


def test_one_proposal_at_a_time_and_a_second_countersignature_is_a_conflict(accounts):
    lic = _licence(accounts)
    v = _propose(accounts, lic)
    with pytest.raises(Conflict):
        _propose(accounts, lic)
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    with pytest.raises(Conflict):
        amendments.amendment_countersign(actor=accounts["senior"], version=v)


def test_a_sent_back_proposal_leaves_the_licence_and_numbers_stay_gap_free(accounts):
    lic = _licence(accounts)
    v = _propose(accounts, lic)
    amendments.amendment_send_back(actor=accounts["senior"], version=v, comment="Wrong value")
    v2 = _propose(accounts, lic, conditions="Report each shipment.")
    amendments.amendment_countersign(actor=accounts["senior"], version=v2)
    v2.refresh_from_db()
    lic.refresh_from_db()
    assert v2.number == 2 and lic.conditions == "Report each shipment."
    line = lic.lines.order_by("goods_line__position").first()
    assert line.authorised_quantity == Decimal("150000")


def test_a_send_back_needs_a_comment(accounts):
    v = _propose(accounts, _licence(accounts))
    with pytest.raises(ValidationFailed):
        amendments.amendment_send_back(actor=accounts["senior"], version=v, comment=" ")


def test_quantities_cannot_go_below_what_was_exported(accounts):
    lic = _licence(accounts)
    line = lic.lines.order_by("goods_line__position").first()
    services.export_record(
        actor=accounts["applicant"],
        licence=lic,
        line_id=line.pk,
        shipped_on=timezone.localdate(),
        quantity="60000",
        value_eur="27000",
        customs_declaration="26BE000000000001",
    )
    with pytest.raises(ValidationFailed) as exc:
        _propose(accounts, lic, lines=[{"line": line.pk, "quantity": "50000"}])
    assert exc.value.errors[0]["field"] == f"line-{line.pk}-quantity"
    # allowed when proposed, but an export recorded since then goes beyond it: refused
    v = _propose(accounts, lic, lines=[{"line": line.pk, "quantity": "70000"}])
    services.export_record(
        actor=accounts["applicant"],
        licence=lic,
        line_id=line.pk,
        shipped_on=timezone.localdate(),
        quantity="15000",
        value_eur="100",
        customs_declaration="26BE000000000002",
    )
    with pytest.raises(ValidationFailed):
        amendments.amendment_countersign(actor=accounts["senior"], version=v)
    line.refresh_from_db()
    assert line.authorised_quantity == Decimal("100000")


def test_nothing_changing_is_refused_and_nothing_written(accounts):
    lic = _licence(accounts)
    with pytest.raises(ValidationFailed):
        amendments.amendment_propose(
            actor=accounts["officer"], licence=lic, kind="amendment", reason="x"
        )
    with pytest.raises(ValidationFailed):
        amendments.amendment_propose(
            actor=accounts["officer"], licence=lic, kind="amendment", reason=""
        )
    assert not LicenceVersion.objects.filter(licence=lic).exists()


def test_validity_cannot_pass_the_kinds_maximum(accounts):
    lic = _licence(accounts)  # export-military: 24 months
    latest = amendments.max_valid_until(lic)
    assert latest == lic.valid_until
    with pytest.raises(ValidationFailed):
        _propose(accounts, lic, lines=None, valid_until=latest + timedelta(days=1))
    v = _propose(accounts, lic, lines=None, valid_until=latest - timedelta(days=30))
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    lic.refresh_from_db()
    assert lic.valid_until == latest - timedelta(days=30)


def test_a_dual_use_licence_is_renewed_once_for_three_years(accounts):
    lic = _licence(accounts, "export-dual-use")
    end = lic.valid_until
    v = amendments.amendment_propose(
        actor=accounts["officer"], licence=lic, kind="renewal", reason="Unused value remains"
    )
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    lic.refresh_from_db()
    assert lic.valid_until == end + relativedelta(months=36)
    line = lic.lines.first()
    assert line.authorised_value_eur == Decimal("8200.00")  # the unused value, unchanged
    with pytest.raises(ValidationFailed) as exc:
        amendments.amendment_propose(
            actor=accounts["officer"], licence=lic, kind="renewal", reason="Again"
        )
    assert "already been renewed" in str(exc.value.errors[0]["message"])


def test_a_military_licence_is_not_renewed(accounts):
    lic = _licence(accounts)
    with pytest.raises(ValidationFailed):
        amendments.amendment_propose(
            actor=accounts["officer"], licence=lic, kind="renewal", reason="x"
        )


def test_a_renewal_changes_nothing_else(accounts):
    lic = _licence(accounts, "export-dual-use")
    with pytest.raises(ValidationFailed):
        amendments.amendment_propose(
            actor=accounts["officer"],
            licence=lic,
            kind="renewal",
            reason="x",
            conditions="new",
        )


def test_only_a_valid_licence_is_amended(accounts):
    lic = _licence(accounts)
    v = _propose(accounts, lic)
    services.licence_change_status(
        actor=accounts["senior"], licence=lic, action="suspend", reason="Investigation"
    )
    with pytest.raises(TransitionNotAllowed):
        amendments.amendment_countersign(actor=accounts["senior"], version=v)
    amendments.amendment_withdraw(actor=accounts["officer"], version=v)
    with pytest.raises(TransitionNotAllowed):
        _propose(accounts, lic)


def test_party_names_change_and_version_one_keeps_the_old_one(accounts):
    lic = _licence(accounts)
    end_user = lic.application.parties.get(role="end_user")
    v = _propose(
        accounts,
        lic,
        lines=None,
        parties=[{"party": end_user.pk, "name": "Canadian Army Doctrine and Training Centre"}],
    )
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    end_user.refresh_from_db()
    assert end_user.name == "Canadian Army Doctrine and Training Centre"
    first = LicenceVersion.objects.get(licence=lic, number=1)
    names = {p["role"]: p["name"] for p in first.content["parties"]}
    assert names["end_user"] == "Canadian Army Training Centre"


def test_the_holder_sees_only_versions_in_force_and_other_organisations_nothing(accounts):
    lic = _licence(accounts)
    v = _propose(accounts, lic)
    holder = accounts["applicant"]
    assert [x.number for x in amendments.versions_of(holder, lic)] == [1]
    assert {x.state for x in amendments.versions_of(accounts["officer"], lic)} == {
        "proposed",
        "in_force",
    }
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    assert [x.number for x in amendments.versions_of(holder, lic)] == [2, 1]
    stranger = accounts["applicant2"]
    with pytest.raises(NotFound):
        selectors.licence_get(stranger, lic.pk)
    with pytest.raises(NotFound):
        _propose(accounts, lic, who="applicant2")


def test_the_verification_page_shows_the_version_in_force(accounts, client):
    lic = _licence(accounts)
    page = client.get(f"/verify/{lic.verification_code}/")
    assert b"Version" in page.content or b"Versie" in page.content
    v = _propose(accounts, lic, lines=None, valid_until=lic.valid_until - timedelta(days=10))
    page = client.get(f"/verify/{lic.verification_code}/")
    text = page.content.decode()
    assert "version-in-force" in text and ">1<" in text  # the proposal is not in force
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    text = client.get(f"/verify/{lic.verification_code}/").content
    lic.refresh_from_db()
    assert b'id="version-in-force">2<' in text
    api = client.get(f"/api/v1/public/licences/{lic.verification_code}").json()
    assert api["version"] == 2 and api["validUntil"] == lic.valid_until.isoformat()


def test_the_pdf_carries_the_version(accounts):
    from pypdf import PdfReader

    from foro.licensing.pdf import licence_pdf

    lic = _licence(accounts)
    v = _propose(accounts, lic)
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    lic.refresh_from_db()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(licence_pdf(lic, "en"))).pages)
    assert "Version 2" in text
    assert "150,000" in text or "150.000" in text or "150000" in text


def test_the_rules_file_marks_what_is_to_confirm():
    from foro.licensing.amendment_rules import rules

    r = rules()
    assert r.renewal.months == 36 and r.renewal.times == 1
    assert r.renewal.control_lists == ("dual-use",)
    assert r.renewal.source and r.renewal.confirmed is False
