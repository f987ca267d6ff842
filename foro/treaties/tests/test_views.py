"""Pages of the register: who sees what, the form keeps what was typed, a consequential
step asks for confirmation, the buttons come from the transition table."""

from __future__ import annotations

import pytest

from foro.treaties.models import Status, Treaty
from foro.treaties.tests.conftest import DATA, drive, make_treaty

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["policy", "management", "officer", "post", "admin", "devcoop"])
def test_internal_roles_read_the_register(client, accounts, role):
    treaty = make_treaty()
    client.force_login(accounts[role])
    assert client.get("/treaties/").status_code == 200
    r = client.get(f"/treaties/{treaty.pk}/")
    assert r.status_code == 200
    assert "Samenwerkingsakkoord" in r.content.decode() or "Cooperation" in r.content.decode()
    assert client.get("/treaties/dashboard/").status_code == 200


def test_applicants_see_nothing(client, accounts):
    treaty = make_treaty()
    client.force_login(accounts["applicant"])
    assert client.get("/treaties/").status_code == 403
    assert client.get(f"/treaties/{treaty.pk}/").status_code in (403, 404)
    assert client.get("/treaties/new/").status_code == 403


def test_management_sees_no_step_buttons_and_cannot_post_one(client, accounts):
    treaty = make_treaty()
    client.force_login(accounts["management"])
    body = client.get(f"/treaties/{treaty.pk}/").content.decode()
    assert f"/treaties/{treaty.pk}/steps/sign/" not in body
    r = client.post(f"/treaties/{treaty.pk}/steps/sign/", {"occurred_on": "2024-01-01"})
    assert r.status_code == 403
    treaty.refresh_from_db()
    assert treaty.status == Status.NEGOTIATION


def test_buttons_follow_the_table(client, accounts):
    treaty = make_treaty()
    client.force_login(accounts["policy"])
    body = client.get(f"/treaties/{treaty.pk}/").content.decode()
    assert f"/treaties/{treaty.pk}/steps/sign/" in body
    assert f"/treaties/{treaty.pk}/steps/initial/" in body
    assert f"/treaties/{treaty.pk}/steps/enter_into_force/" not in body


def test_form_keeps_what_was_typed_on_error(client, accounts):
    client.force_login(accounts["policy"])
    r = client.post(
        "/treaties/new/",
        {
            "title_nl": "",
            "title_en": "Kept English title",
            "kind": "bilateral",
            "competence": "mixed",
        },
    )
    assert r.status_code == 422
    body = r.content.decode()
    assert "Kept English title" in body and "error-summary" in body
    assert not Treaty.objects.filter(title_en="Kept English title").exists()
    r = client.post("/treaties/new/", {**DATA, "title_en": "Kept English title"})
    assert r.status_code == 302
    assert Treaty.objects.filter(title_en="Kept English title").exists()


def test_consequential_step_asks_for_confirmation(client, accounts):
    treaty = drive(make_treaty(), Status.ASSENT_ADOPTED)
    client.force_login(accounts["policy"])
    url = f"/treaties/{treaty.pk}/steps/express_consent/"
    r = client.post(url, {"occurred_on": "2024-02-01"})
    assert r.status_code == 200 and 'name="confirm"' in r.content.decode()
    treaty.refresh_from_db()
    assert treaty.status == Status.ASSENT_ADOPTED
    r = client.post(url, {"occurred_on": "2024-02-01", "confirm": "1"})
    assert r.status_code == 302
    treaty.refresh_from_db()
    assert treaty.status == Status.CONSENT_EXPRESSED


def test_a_bad_step_date_is_shown_and_kept(client, accounts):
    treaty = make_treaty()
    client.force_login(accounts["policy"])
    r = client.post(
        f"/treaties/{treaty.pk}/steps/sign/", {"occurred_on": "2999-01-01", "note": "typed"}
    )
    assert r.status_code == 422
    assert "typed" in r.content.decode()


def test_overdue_filter_and_dashboard(client, accounts):
    late = make_treaty(short_title="Late one")  # under negotiation since 2020: overdue
    client.force_login(accounts["policy"])
    body = client.get("/treaties/?overdue=1").content.decode()
    assert "Late one" in body
    body = client.get("/treaties/dashboard/").content.decode()
    assert "Late one" in body
    drive(late, Status.IN_FORCE)
    assert "Late one" not in client.get("/treaties/?overdue=1").content.decode()
