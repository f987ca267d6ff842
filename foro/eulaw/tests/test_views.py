"""EU-law pages: who sees what, forms keep input, confirmation, report files."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone

from foro.core.actors import SystemActor
from foro.eulaw import services
from foro.eulaw.models import Directive, TranspositionStatus
from foro.eulaw.tests.conftest import make_directive

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["policy", "management", "officer", "post", "devcoop", "admin"])
def test_internal_roles_read(client, accounts, role):
    d = make_directive(accounts["policy"])
    client.force_login(accounts[role])
    for url in (
        "/eu/",
        "/eu/directives/",
        f"/eu/directives/{d.pk}/",
        "/eu/infringements/",
        "/eu/report/2026-11/",
    ):
        assert client.get(url).status_code == 200, url


def test_applicants_see_nothing(client, accounts):
    d = make_directive()
    client.force_login(accounts["applicant"])
    for url in ("/eu/", "/eu/directives/", f"/eu/directives/{d.pk}/", "/eu/report/2026-11/"):
        assert client.get(url).status_code in (403, 404), url


def test_management_cannot_step(client, accounts):
    d = make_directive()
    client.force_login(accounts["management"])
    body = client.get(f"/eu/directives/{d.pk}/").content.decode()
    assert "/steps/start/" not in body
    assert (
        client.post(
            f"/eu/directives/{d.pk}/steps/start/", {"occurred_on": "2024-01-01"}
        ).status_code
        == 403
    )


def test_create_form_keeps_input(client, accounts):
    client.force_login(accounts["policy"])
    r = client.post(
        "/eu/directives/new/",
        {"celex": "bad", "title": "Kept title", "domain": "economy", "competence": "competent"},
    )
    assert r.status_code == 422 and "Kept title" in r.content.decode()
    r = client.post(
        "/eu/directives/new/",
        {
            "celex": "32019L0790",
            "title": "Kept title",
            "domain": "economy",
            "competence": "competent",
            "deadline_on": ["2021-06-07", ""],
            "deadline_label": ["", ""],
        },
    )
    assert r.status_code == 302
    assert Directive.objects.get(celex="32019L0790").deadlines.count() == 1


def test_notify_asks_for_confirmation(client, accounts):
    d = make_directive(accounts["policy"])
    services.measure_create(
        actor=SystemActor.SYSTEM,
        directive=d,
        data={"title": "Decreet", "adopted_on": "2024-01-01", "notified_on": "2024-01-05"},
    )
    Directive.objects.filter(pk=d.pk).update(
        status=TranspositionStatus.FULLY, status_since=date(2024, 1, 1)
    )
    client.force_login(accounts["policy"])
    url = f"/eu/directives/{d.pk}/steps/notify/"
    r = client.post(url, {"occurred_on": "2024-01-05"})
    assert r.status_code == 200 and 'name="confirm"' in r.content.decode()
    d.refresh_from_db()
    assert d.status == TranspositionStatus.FULLY
    assert client.post(url, {"occurred_on": "2024-01-05", "confirm": "1"}).status_code == 302
    d.refresh_from_db()
    assert d.status == TranspositionStatus.NOTIFIED


def test_dashboard_shows_overdue_and_soon(client, accounts):
    today = timezone.localdate()
    make_directive(
        accounts["policy"], title="Late directive", deadlines=[today - timedelta(days=3)]
    )
    make_directive(
        accounts["policy"], title="Soon directive", deadlines=[today + timedelta(days=40)]
    )
    make_directive(
        accounts["policy"], title="Far directive", deadlines=[today + timedelta(days=400)]
    )
    client.force_login(accounts["management"])
    body = client.get("/eu/").content.decode()
    assert "Late directive" in body and "Soon directive" in body and "Far directive" not in body
    assert "<script" not in body.split("</header>")[-1].split("<footer")[0]
    overdue = client.get("/eu/directives/?window=overdue").content.decode()
    assert "Late directive" in overdue and "Soon directive" not in overdue


def test_report_files(client, accounts):
    make_directive(accounts["policy"], deadlines=[timezone.localdate() + timedelta(days=10)])
    client.force_login(accounts["management"])
    month = timezone.localdate().strftime("%Y-%m")
    r = client.get(f"/eu/report/{month}.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get(f"/eu/report/{month}.xlsx")
    assert r.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Transposition", "Deadlines", "Infringements", "Trend"]
    assert wb["Deadlines"].max_row == 2
    assert client.get("/eu/report/2026-13/").status_code == 404


def test_report_links_to_the_previous_month_and_never_to_the_future(client, accounts):
    client.force_login(accounts["management"])
    body = client.get("/eu/report/2024-01/").content.decode()
    assert 'href="/eu/report/2023-12/"' in body and 'href="/eu/report/2024-02/"' in body
    month = timezone.localdate().strftime("%Y-%m")
    body = client.get(f"/eu/report/{month}/").content.decode()
    following = (timezone.localdate().replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
    assert f'href="/eu/report/{following}/"' not in body
