"""Network pages: the post page with staff and rotation, missions, report pages and the
confirmation of each step; the demo data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from foro.network import services
from foro.network.models import Mission, PostReport, StaffAssignment
from foro.network.tests.conftest import make_report


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["foro_language"] = "en"
    return client


def test_the_post_page_shows_staff_and_the_rotation(accounts):
    today = timezone.localdate()
    services.staff_assign(
        actor="system",
        data={
            "representation_code": "FL-IT",
            "name": "Anke Peeters",
            "function": "head",
            "starts_on": today - timedelta(days=365 * 5 - 100),
        },
    )
    services.staff_assign(
        actor="system",
        data={
            "representation_code": "FL-IT",
            "name": "Old Hand",
            "function": "diplomat",
            "starts_on": "2015-01-01",
            "ends_on": "2020-01-01",
        },
    )
    html = _client(accounts["officer"]).get("/network/representations/FL-IT/").content.decode()
    assert "Anke Peeters" in html and "within a year" in html
    assert "Former staff" in html and "Old Hand" in html


def test_only_an_administrator_posts_staff(accounts):
    assert (
        _client(accounts["management"]).get("/network/representations/FL-IT/staff/new/").status_code
        == 403
    )
    client = _client(accounts["admin"])
    response = client.post(
        "/network/representations/FL-IT/staff/new/",
        {"name": "Bart Maes", "function": "economic", "starts_on": "2025-09-01"},
    )
    assert response.status_code == 302
    assert StaffAssignment.objects.get().rotation_due.isoformat() == "2030-09-01"


def test_a_report_is_written_and_submitted_through_the_pages(accounts):
    client = _client(accounts["post"])
    response = client.post(
        "/network/reports/new/",
        {
            "kind": "political",
            "title": "Outlook",
            "body": "Text",
            "classification": "restricted",
            "readers": ["policy"],
            "countries": ["IT"],
        },
    )
    report = PostReport.objects.get()
    assert response.status_code == 302 and report.state == "draft"
    confirm = client.get(f"/network/reports/{report.pk}/step/submit/")
    assert confirm.status_code == 200 and "1 named reader" in confirm.content.decode()
    client.post(f"/network/reports/{report.pk}/step/submit/", {"confirm": "1"})
    report.refresh_from_db()
    assert report.state == "submitted"
    # the reader sees the button, marks it read and comments
    reader = _client(accounts["policy"])
    assert "Mark as read" in reader.get(f"/network/reports/{report.pk}/").content.decode()
    reader.post(f"/network/reports/{report.pk}/step/mark_read/", {"confirm": "1"})
    reader.post(f"/network/reports/{report.pk}/comments/", {"text": "Noted."})
    report.refresh_from_db()
    assert report.state == "read" and report.comments.count() == 1


def test_a_step_not_in_the_table_is_refused_on_the_page(accounts):
    report = make_report(accounts["post"], "internal")
    client = _client(accounts["post"])
    assert client.get(f"/network/reports/{report.pk}/step/archive/").status_code == 409
    client.post(f"/network/reports/{report.pk}/step/archive/", {"confirm": "1"})
    report.refresh_from_db()
    assert report.state == "draft"
    assert client.get(f"/network/reports/{report.pk}/step/publish/").status_code == 404


def test_a_refused_report_form_keeps_the_text(accounts):
    response = _client(accounts["post"]).post(
        "/network/reports/new/",
        {"kind": "political", "title": "", "body": "Long careful analysis", "classification": ""},
    )
    html = response.content.decode()
    assert response.status_code == 422 and "Long careful analysis" in html
    assert not PostReport.objects.exists()


def test_a_mission_with_programme_and_follow_up(accounts):
    client = _client(accounts["policy"])
    response = client.post(
        "/network/missions/new/",
        {
            "kind": "economic",
            "title": "Economic mission to Italy",
            "country": "IT",
            "representation_code": "FL-IT",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-04",
            "programme": "2026-03-02 | 10:00 | Roundtable\n2026-03-03 | | Port visit",
        },
    )
    mission = Mission.objects.get()
    assert response.status_code == 302 and mission.programme.count() == 2
    client.post(
        f"/network/missions/{mission.pk}/actions/new/",
        {"description": "Thank-you letters", "owner": "post", "due_date": "2026-03-20"},
    )
    client.post(f"/network/missions/{mission.pk}/outcomes/", {"outcomes": "Two agreements"})
    html = client.get(f"/network/missions/{mission.pk}/").content.decode()
    assert "Thank-you letters" in html and "Two agreements" in html and "Roundtable" in html
    assert "Economic mission to Italy" in client.get("/countries/IT/").content.decode()


def test_a_programme_item_outside_the_mission_is_refused(accounts):
    from foro.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        services.mission_create(
            actor=accounts["policy"],
            data={
                "kind": "incoming",
                "title": "Visit",
                "country": "IT",
                "starts_on": "2026-03-02",
                "ends_on": "2026-03-03",
                "programme": [{"day": "2026-04-01", "description": "Late"}],
            },
        )
    assert exc.value.errors[0]["field"] == "programme[1].day"
    assert not Mission.objects.exists()


@pytest.mark.parametrize("role", ["officer", "management", "policy"])
def test_network_pages_open(accounts, role):
    client = _client(accounts[role])
    for url in ("/network/representations/", "/network/reports/", "/network/missions/"):
        assert client.get(url).status_code == 200, url


def test_the_demo_fills_every_post_and_every_state_and_classification(accounts):
    from foro.network import demo
    from foro.network.selectors import representations

    demo.load()
    demo.load()  # idempotent
    codes = {r.code for r in representations()}
    assert set(StaffAssignment.objects.values_list("representation_code", flat=True)) == codes
    pairs = set(PostReport.objects.values_list("state", "classification"))
    assert pairs >= {
        (s, c) for s in PostReport.State.values for c in ("public", "internal", "restricted")
    }
    from foro.relations.models import Interaction

    assert Interaction.objects.count() == 52
    assert Mission.objects.count() == len(codes)
