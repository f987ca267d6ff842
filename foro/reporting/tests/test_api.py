"""The API: the report for staff, publishing for management, open data for everyone."""

import csv
import io

import pytest

from foro.reporting import services
from foro.reporting.models import Publication
from foro.reporting.periods import from_code

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/licensing"


def test_staff_get_the_report_as_json(client, known, accounts):
    client.force_login(accounts["senior"])
    data = client.get(URL, {"from": "2025-01-01", "to": "2025-06-30"}).json()
    assert data["current"]["period"] == {
        "code": "2025-H1",
        "from": "2025-01-01",
        "to": "2025-06-30",
    }
    assert data["previous"]["period"]["code"] == "2024-H1"
    third = next(s for s in data["current"]["sections"] if s["code"] == "third-countries")
    assert third["granted"]["total"] == {"number": 3, "valueEur": "68700.00"}
    cell = next(
        c for c in third["granted"]["cells"] if (c["destination"], c["category"]) == ("CA", "ML1")
    )
    assert (cell["number"], cell["valueEur"]) == (2, "15500.00")
    assert third["refusals"]["total"]["criteria"]["2"] == 2
    assert third["exports"]["total"] == {"number": 1, "valueEur": "10000.00"}
    ca = next(
        r
        for r in data["comparison"]
        if r["section"] == "third-countries" and r["destination"] == "CA"
    )
    assert ca["licences"] == {"current": "2", "previous": "1", "change": "1", "percent": "100.0"}
    assert data["current"]["countries"]["CA"]["nl"] == "Canada"


def test_kind_and_period_parameters(client, known, accounts):
    client.force_login(accounts["officer"])
    data = client.get(URL, {"period": "2025-H1", "kind": "export-dual-use"}).json()
    assert data["current"]["kind"] == "export-dual-use"
    third = next(s for s in data["current"]["sections"] if s["code"] == "third-countries")
    assert third["granted"]["total"]["number"] == 1
    bad = client.get(URL, {"period": "2025-H3"})
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    assert client.get(URL, {"kind": "nonsense"}).status_code == 422
    assert client.get(URL, {"from": "2025-01-01"}).status_code == 422


@pytest.mark.parametrize("who", ["applicant", "policy"])
def test_others_get_403_from_the_api(client, accounts, who):
    client.force_login(accounts[who])
    for url in (URL, URL + ".csv", URL + ".xlsx", "/api/v1/reports/publications"):
        response = client.get(url, {"period": "2025-H1"})
        assert response.status_code == 403, url
        assert response.json()["type"] == "urn:problem-type:foro:forbidden"


def test_anonymous_gets_401_from_the_staff_api(client):
    assert client.get(URL).status_code == 401


def test_files_from_the_api(client, known, accounts):
    client.force_login(accounts["officer"])
    response = client.get(URL + ".csv", {"period": "2025-H1"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and rows[0]["period"] == "2025-H1"
    assert client.get(URL + ".xlsx", {"period": "2025-H1"}).content[:2] == b"PK"
    assert client.get(URL + ".pdf", {"period": "2025-H1"}).content[:5] == b"%PDF-"
    coarm = client.get("/api/v1/reports/eu-annual-report.csv", {"period": "2025-H1"})
    assert b"destination_code" in coarm.content


def test_publish_and_withdraw_through_the_api(client, known, accounts):
    client.force_login(accounts["senior"])
    assert (
        client.post(
            "/api/v1/reports/publications", {"period": "2025-H1"}, content_type="application/json"
        ).status_code
        == 403
    )
    client.force_login(accounts["management"])
    response = client.post(
        "/api/v1/reports/publications", {"period": "2025-H1"}, content_type="application/json"
    )
    assert response.status_code == 201
    pub = response.json()
    assert (pub["version"], pub["state"], pub["publishedBy"]) == (1, "published", "management")
    again = client.post(
        "/api/v1/reports/publications", {"period": "2025-H1"}, content_type="application/json"
    )
    assert again.status_code == 422  # a correction needs a note
    running = client.post(
        "/api/v1/reports/publications", {"period": "2099"}, content_type="application/json"
    )
    assert running.status_code == 422
    withdrawn = client.post(
        f"/api/v1/reports/publications/{pub['id']}/withdraw",
        {"reason": "Wrong period."},
        content_type="application/json",
    )
    assert withdrawn.json()["state"] == "withdrawn"


def test_public_open_data_api(client, known, accounts):
    assert client.get("/api/v1/public/open-data/periods").json()["count"] == 0
    pub = services.publication_publish(actor=accounts["management"], period=from_code("2025-H1"))
    listing = client.get("/api/v1/public/open-data/periods").json()
    assert listing["count"] == 1
    assert listing["items"][0]["id"] == pub.pk
    assert listing["items"][0]["period"]["code"] == "2025-H1"
    detail = client.get(f"/api/v1/public/open-data/periods/{pub.pk}").json()
    assert detail["sha256"] == pub.sha256
    third = next(s for s in detail["figures"]["sections"] if s["code"] == "third-countries")
    assert third["granted"]["total"] == {"number": 3, "valueEur": "68700.00"}
    assert "exports" not in third
    assert [v["version"] for v in detail["versions"]] == [1]
    csv_response = client.get(f"/api/v1/public/open-data/periods/{pub.pk}.csv")
    assert csv_response.status_code == 200
    services.publication_withdraw(actor=accounts["management"], publication=pub, reason="x")
    assert client.get(f"/api/v1/public/open-data/periods/{pub.pk}").status_code == 404
    assert Publication.objects.get().state == "withdrawn"
