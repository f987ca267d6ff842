"""The pages of licence versions: the officer's form (typed values kept on a refusal), the
senior officer's confirmation saying what changes, and who sees which buttons."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import login as _login
from foro.licensing.models import LicenceVersion
from foro.licensing.services import amendments
from foro.licensing.tests.conftest import granted

pytestmark = pytest.mark.django_db


def login(client, user):
    """Sign in and read the pages in English (the language switch's cookie)."""
    _login(client, user)
    client.cookies["foro_language"] = "en"
    return client


@pytest.fixture(autouse=True)
def _lists(watchlist):
    """A sanctions list loaded, so that a licence can be granted."""


@pytest.fixture
def lic(accounts):
    return granted(accounts).licence


def test_the_officer_proposes_and_a_senior_confirms_on_the_pages(accounts, client, lic):
    line = lic.lines.order_by("goods_line__position").first()
    login(client, accounts["officer"])
    form = client.get(f"/licensing/licences/{lic.pk}/amend/")
    assert form.status_code == 200
    answer = client.post(
        f"/licensing/licences/{lic.pk}/amend/",
        {"kind": "amendment", f"line-{line.pk}-quantity": "120000", "reason": "Extra order"},
    )
    assert answer.status_code == 302
    v = LicenceVersion.objects.get(licence=lic, state="proposed")
    page = client.get(f"/licensing/licences/{lic.pk}/").content.decode()
    assert "Withdraw" in page or "Intrekken" in page or "withdraw" in page
    assert f"/versions/{v.pk}/confirm/" not in page  # an officer does not countersign
    login(client, accounts["senior"])
    page = client.get(f"/licensing/licences/{lic.pk}/").content.decode()
    assert f"/versions/{v.pk}/confirm/" in page
    confirm = client.get(f"/licensing/licences/{lic.pk}/versions/{v.pk}/confirm/")
    text = confirm.content.decode()
    assert "Countersign version 2?" in text and "120000" in text and "100000" in text
    # a countersignature without the confirmation step only leads to it
    step = client.post(f"/licensing/licences/{lic.pk}/versions/{v.pk}/act/countersign/")
    assert step.status_code == 302 and "/confirm/" in step["Location"]
    line.refresh_from_db()
    assert line.authorised_quantity == Decimal("100000")
    client.post(f"/licensing/licences/{lic.pk}/versions/{v.pk}/act/countersign/", {"confirm": "1"})
    line.refresh_from_db()
    assert line.authorised_quantity == Decimal("120000")


def test_a_refused_proposal_keeps_what_was_typed(accounts, client, lic):
    line = lic.lines.order_by("goods_line__position").first()
    login(client, accounts["officer"])
    answer = client.post(
        f"/licensing/licences/{lic.pk}/amend/",
        {
            "kind": "amendment",
            f"line-{line.pk}-quantity": "-5",
            "valid_until": "31/02/2027",
            "reason": "Typed reason stays",
        },
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "Typed reason stays" in text and 'value="-5"' in text
    assert "dd/mm/yyyy" in text
    assert not LicenceVersion.objects.filter(licence=lic).exists()


def test_the_holder_sees_versions_but_no_buttons_and_no_form(accounts, client, lic):
    v = amendments.amendment_propose(
        actor=accounts["officer"], licence=lic, kind="amendment", reason="x", conditions="New"
    )
    amendments.amendment_countersign(actor=accounts["senior"], version=v)
    login(client, accounts["applicant"])
    page = client.get(f"/licensing/licences/{lic.pk}/")
    text = page.content.decode()
    assert "Version 2 is in force." in text
    assert "/amend/" not in text
    assert client.get(f"/licensing/licences/{lic.pk}/amend/").status_code in (403, 404)
    login(client, accounts["applicant2"])
    assert client.get(f"/licensing/licences/{lic.pk}/").status_code == 404


def test_the_proposer_sees_no_countersign_form(accounts, client, lic):
    v = amendments.amendment_propose(
        actor=accounts["senior"], licence=lic, kind="amendment", reason="x", conditions="New"
    )
    login(client, accounts["senior"])
    confirm = client.get(f"/licensing/licences/{lic.pk}/versions/{v.pk}/confirm/")
    assert "another senior officer countersigns it" in confirm.content.decode()
    client.post(f"/licensing/licences/{lic.pk}/versions/{v.pk}/act/countersign/", {"confirm": "1"})
    v.refresh_from_db()
    assert v.state == "proposed"
