"""Reporting barriers, HS validation, visibility per role and the public summary."""

from __future__ import annotations

import pytest

from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.trade import hs, selectors, services
from foro.trade.models import Barrier, BarrierStatus, ReportedBy, SummaryStatus
from foro.trade.tests.conftest import GOOD_BARRIER, barrier_in


def test_hs_nomenclature_is_shipped_with_its_source():
    assert len(hs.nomenclature()) > 6900
    assert hs.lookup("0406").description.startswith("Cheese")
    assert hs.lookup("8703.23") is not None
    assert hs.lookup("7701") is None
    assert "I" in hs.sections()
    assert (hs.DATA / "SOURCES.md").read_text().count("harmonized-system.csv") >= 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("codes", "ok"),
    [
        ("0406", True),
        ("04", True),
        ("0406.10, 8703 23", True),
        ("7701", False),
        ("040", False),
        ("04061", False),
        ("0406, ABCD", False),
        ("", True),
    ],
)
def test_hs_codes_are_checked_against_the_nomenclature(accounts, codes, ok):
    data = {**GOOD_BARRIER, "hs_codes": codes}
    if ok:
        barrier = services.barrier_report(actor=accounts["policy"], data=data)
        assert all(hs.lookup(c) for c in barrier.hs_codes)
    else:
        before = Barrier.objects.count()
        with pytest.raises(ValidationFailed) as exc:
            services.barrier_report(actor=accounts["policy"], data=data)
        assert [e["field"] for e in exc.value.errors] == ["hs_codes"]
        assert Barrier.objects.count() == before


@pytest.mark.django_db
def test_every_problem_is_listed_and_nothing_written(accounts):
    before = Barrier.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.barrier_report(
            actor=accounts["policy"],
            data={
                "title": "",
                "country": "XX",
                "sector": "",
                "hs_codes": "1",
                "description": "",
                "value_at_stake_eur": "-3",
                "priority": "urgent",
            },
        )
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {
        "title",
        "country",
        "sector",
        "hs_codes",
        "description",
        "value_at_stake_eur",
        "priority",
    }
    assert Barrier.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "kind"),
    [("applicant", ReportedBy.COMPANY), ("post", ReportedBy.POST), ("policy", ReportedBy.OFFICER)],
)
def test_company_post_and_officer_may_report(accounts, username, kind):
    barrier = services.barrier_report(actor=accounts[username], data=GOOD_BARRIER)
    assert barrier.reported_by_kind == kind
    assert barrier.status == BarrierStatus.REPORTED
    assert barrier.reference.startswith("MAB-")
    if kind == ReportedBy.COMPANY:
        assert barrier.organisation_id == accounts[username].organisation_id
    assert (
        AuditEvent.objects.filter(verb="barrier.reported", target_id=str(barrier.pk)).count() == 1
    )


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officer", "senior", "devcoop", "management", "admin"])
def test_other_roles_may_not_report(accounts, username):
    with pytest.raises(PermissionDenied):
        services.barrier_report(actor=accounts[username], data=GOOD_BARRIER)


@pytest.mark.django_db
def test_company_sees_only_its_own_barriers(accounts, client):
    own = barrier_in(accounts, BarrierStatus.REPORTED, reporter="applicant")
    other = barrier_in(
        accounts, BarrierStatus.REPORTED, reporter="applicant2", title="Other company's"
    )
    post = barrier_in(accounts, BarrierStatus.REPORTED, reporter="post", title="From the post")
    visible = set(selectors.barriers_visible_to(accounts["applicant"]).values_list("pk", flat=True))
    assert visible == {own.pk}
    client.force_login(accounts["applicant"])
    assert client.get(f"/trade/barriers/{own.pk}/").status_code == 200
    assert client.get(f"/trade/barriers/{other.pk}/").status_code == 404
    assert client.get(f"/trade/barriers/{post.pk}/").status_code == 404
    page = client.get("/trade/").content.decode()
    assert own.reference in page and other.reference not in page and post.reference not in page
    api = client.get("/api/v1/trade/barriers").json()
    assert [b["reference"] for b in api["items"]] == [own.reference]
    assert api["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "sees_all"),
    [
        ("policy", True),
        ("management", True),
        ("post", True),
        ("officer", False),
        ("devcoop", False),
        ("admin", False),
    ],
)
def test_barrier_visibility_per_role(accounts, client, username, sees_all):
    barrier = barrier_in(accounts, BarrierStatus.REPORTED)
    assert (
        selectors.barriers_visible_to(accounts[username]).filter(pk=barrier.pk).exists() is sees_all
    )
    client.force_login(accounts[username])
    assert client.get(f"/trade/barriers/{barrier.pk}/").status_code == (200 if sees_all else 404)


@pytest.mark.django_db
def test_public_summary_only_after_approval(accounts, client):
    barrier = barrier_in(accounts, BarrierStatus.ASSESSED)
    with pytest.raises(TransitionNotAllowed):  # nothing proposed yet
        services.barrier_summary_approve(actor=accounts["management"], barrier=barrier)
    services.barrier_summary_propose(
        actor=accounts["policy"],
        barrier=barrier,
        title="Cheese licensing",
        summary="Each consignment needs a licence.",
    )
    assert not selectors.barriers_published().filter(pk=barrier.pk).exists()
    assert client.get("/trade/public/barriers/").content.decode().count("Cheese licensing") == 0
    assert client.get(f"/trade/public/barriers/{barrier.reference}/").status_code == 404
    with pytest.raises(PermissionDenied):  # four eyes: not the proposer
        services.barrier_summary_approve(actor=accounts["policy"], barrier=barrier)
    with pytest.raises(PermissionDenied):
        services.barrier_summary_approve(actor=accounts["post"], barrier=barrier)
    services.barrier_summary_approve(actor=accounts["management"], barrier=barrier)
    barrier.refresh_from_db()
    assert barrier.summary_status == SummaryStatus.APPROVED
    page = client.get("/trade/public/barriers/").content.decode()  # anonymous
    assert "Cheese licensing" in page
    detail = client.get(f"/trade/public/barriers/{barrier.reference}/").content.decode()
    assert "Each consignment needs a licence." in detail
    # nothing internal on the public page
    assert GOOD_BARRIER["description"] not in detail
    assert "1.200.000" not in detail and "Flandrix" not in detail
    services.barrier_summary_withdraw(actor=accounts["management"], barrier=barrier)
    assert client.get(f"/trade/public/barriers/{barrier.reference}/").status_code == 404


@pytest.mark.django_db
def test_summary_of_an_unassessed_barrier_is_refused(accounts, barrier):
    with pytest.raises(TransitionNotAllowed):
        services.barrier_summary_propose(
            actor=accounts["policy"], barrier=barrier, title="t", summary="s"
        )


@pytest.mark.django_db
def test_report_page_keeps_what_was_typed_on_error(accounts, client):
    client.force_login(accounts["applicant"])
    response = client.post(
        "/trade/barriers/report/",
        {**GOOD_BARRIER, "hs_codes": "0406, 7701"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "7701" in page and GOOD_BARRIER["description"] in page
    assert Barrier.objects.count() == 0
    response = client.post("/trade/barriers/report/", GOOD_BARRIER)
    assert response.status_code == 302
    assert Barrier.objects.get().organisation_id == accounts["applicant"].organisation_id


@pytest.mark.django_db
def test_step_page_asks_for_confirmation_first(accounts, client, barrier):
    client.force_login(accounts["policy"])
    url = f"/trade/barriers/{barrier.pk}/act/assess/"
    response = client.post(url, {"note": "seen", "priority": "high"})
    assert response.status_code == 200 and b'name="confirm" value="1"' in response.content
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.REPORTED
    client.post(
        url, {"note": "seen", "priority": "high", "confirm": "1", "expected_status": "reported"}
    )
    barrier.refresh_from_db()
    assert barrier.status == BarrierStatus.ASSESSED


@pytest.mark.django_db
def test_portal_links_to_the_barrier_report(accounts, client):
    client.force_login(accounts["applicant"])
    assert b"/trade/barriers/report/" in client.get("/portal/").content
