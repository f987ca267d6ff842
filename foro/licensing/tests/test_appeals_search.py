"""Demo data of appeals and item rulings (through the services, once), and the global search
over them: staff find every company's, an applicant only its own organisation's (no title,
no count of another's), other roles none."""

from __future__ import annotations

import pytest
from django.utils import translation

from conftest import login
from foro.core import search
from foro.core.audit import verify
from foro.licensing import demo_appeals, rulings
from foro.licensing.models import Appeal, ItemRuling
from foro.licensing.tests.appeal_helpers import refused

pytestmark = pytest.mark.django_db

OTHERS = ("policy", "devcoop", "post", "admin")


def groups(user, text):
    return {g.key: g for g in search.search(user, text, limit=10)}


@pytest.fixture
def demo(accounts, watchlist):
    """Five refusals of the demo applicant's company, then the demo loader."""
    for _ in demo_appeals.APPEAL_STATES:
        refused(accounts)
    demo_appeals.load()


def test_the_demo_appeals_every_state_and_rulings_once(accounts, demo):
    assert set(Appeal.objects.values_list("status", flat=True)) == set(demo_appeals.APPEAL_STATES)
    assert ItemRuling.objects.filter(status="answered").count() == 2
    assert ItemRuling.objects.filter(status="asked").count() == 2
    assert set(ItemRuling.objects.values_list("organisation_id", flat=True)) == {
        accounts["applicant"].organisation_id,
        accounts["applicant2"].organisation_id,
    }
    appeals, made = Appeal.objects.count(), ItemRuling.objects.count()
    demo_appeals.load()
    assert (Appeal.objects.count(), ItemRuling.objects.count()) == (appeals, made)
    assert verify()[1] is None


def test_the_demo_loader_without_refusals_makes_rulings_only(accounts):
    demo_appeals.load()
    assert not Appeal.objects.exists()
    assert ItemRuling.objects.count() == len(demo_appeals.RULINGS)


@pytest.mark.parametrize("who", ["officer", "senior", "management"])
def test_staff_find_every_appeal_and_ruling(accounts, demo, who):
    appeal = Appeal.objects.order_by("pk").first()
    found = groups(accounts[who], appeal.reference)["licensing_appeals"]
    assert found.total == 1 and found.hits[0].url == f"/licensing/appeals/{appeal.pk}/"
    by_case = groups(accounts[who], appeal.application.reference)["licensing_appeals"]
    assert by_case.total == 1
    other = ItemRuling.objects.get(organisation=accounts["applicant2"].organisation)
    hit = groups(accounts[who], other.reference)["licensing_rulings"]
    assert hit.total == 1 and hit.hits[0].url == f"/licensing/rulings/{other.pk}/"
    assert groups(accounts[who], "machine tool")["licensing_rulings"].total == 1
    assert groups(accounts[who], "BZ-")["licensing_appeals"].total == Appeal.objects.count()


def test_an_applicant_finds_only_its_own_organisations(accounts, demo):
    appeal = Appeal.objects.order_by("pk").first()
    mine = groups(accounts["applicant"], appeal.reference)["licensing_appeals"]
    assert mine.total == 1
    assert mine.hits[0].url == f"/portal/applications/{appeal.application_id}/"
    own_rulings = ItemRuling.objects.filter(organisation=accounts["applicant"].organisation)
    found = groups(accounts["applicant"], "BV-")["licensing_rulings"]
    assert found.total == own_rulings.count() == len(found.hits) == 3
    other = ItemRuling.objects.get(organisation=accounts["applicant2"].organisation)
    assert other.reference not in " ".join(h.title for h in found.hits)
    assert "licensing_rulings" not in groups(accounts["applicant"], other.reference)
    assert "licensing_rulings" not in groups(accounts["applicant"], "machine tool")
    # the other company: its own ruling, none of the first company's appeals or rulings
    theirs = groups(accounts["applicant2"], "BV-")["licensing_rulings"]
    assert theirs.total == 1 and theirs.hits[0].title.startswith(other.reference)
    assert "licensing_appeals" not in groups(accounts["applicant2"], appeal.reference)
    assert "licensing_appeals" not in groups(accounts["applicant2"], "BZ-")
    assert "licensing_rulings" not in groups(accounts["applicant2"], "Thermal camera")


@pytest.mark.parametrize("who", OTHERS)
def test_other_roles_find_and_count_none(accounts, demo, who):
    appeal = Appeal.objects.order_by("pk").first()
    for text in (appeal.reference, "BZ-", "BV-", "Flandrix", "machine tool"):
        found = groups(accounts[who], text)
        assert "licensing_appeals" not in found and "licensing_rulings" not in found


def test_the_search_page_shows_only_the_readers_groups(accounts, client):
    ruling = rulings.ruling_ask(
        actor=accounts["applicant2"],
        kind="catch_all",
        description="Five-axis controller",
        cn_code="84669400",
        question="Licence?",
    )
    login(client, accounts["applicant"])
    client.cookies["foro_language"] = "en"
    with translation.override("en"):
        page = client.get("/search/", {"q": ruling.reference})
    assert page.status_code == 200
    assert "Five-axis controller" not in page.content.decode()
    login(client, accounts["officer"])
    with translation.override("en"):
        page = client.get("/search/", {"q": ruling.reference})
    assert f"{ruling.reference} · Five-axis controller" in page.content.decode()
