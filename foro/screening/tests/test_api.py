"""API /api/v1/screening/: auth (session, token), roles, one query and batches, validation
as problem+json, lists, versions, diffs, the hit queue and dispositions."""

import pytest

from foro.core.services import apitoken_create
from foro.screening.engine import DEFAULT_THRESHOLD
from foro.screening.models import ListVersion, ScreeningHit
from foro.screening.services import subject_screen
from foro.screening.tests.helpers import (
    BORISOV,
    KASTEEL,
    NAUTILUS,
    ORLOV,
    import_rows,
    register,
)

BASE = "/api/v1/screening"
READ_ENDPOINTS = [f"{BASE}/lists", f"{BASE}/lists/foro-watch/versions", f"{BASE}/hits"]
SCREENERS = ["officer", "officer2", "senior", "management"]
REFUSED = ["applicant", "applicant2", "policy", "devcoop", "post"]


def assert_problem(response, status: int, slug: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:problem-type:foro:{slug}" and body["status"] == status
    return body


def post(client, url, body, **extra):
    return client.post(url, body, content_type="application/json", **extra)


@pytest.fixture
def lists(tmp_path, db):
    import_rows(tmp_path, [ORLOV, KASTEEL, NAUTILUS])
    return import_rows(tmp_path, [ORLOV, {**KASTEEL, "aliases": "Kasteel FZE"}, BORISOV])


@pytest.fixture
def hit(lists):
    return subject_screen(subject=register("Dmitry Orlovsky", kind="person"))[0]


# ---------------------------------------------------------------- auth and roles


@pytest.mark.parametrize("url", READ_ENDPOINTS)
def test_anonymous_callers_get_401(client, lists, url):
    body = assert_problem(client.get(url), 401, "unauthenticated")
    assert body["instance"] == url


def test_anonymous_matches_get_401(client, lists):
    assert_problem(post(client, f"{BASE}/matches", {"name": "x"}), 401, "unauthenticated")


@pytest.mark.parametrize("role", REFUSED)
def test_applicants_and_other_roles_are_refused(client, accounts, hit, role):
    client.force_login(accounts[role])
    assert_problem(post(client, f"{BASE}/matches", {"name": "Orlovsky"}), 403, "forbidden")
    for url in [*READ_ENDPOINTS, f"{BASE}/hits/{hit.pk}"]:
        assert_problem(client.get(url), 403, "forbidden")
    response = post(
        client, f"{BASE}/hits/{hit.pk}/disposition", {"status": "confirmed", "reason": "x"}
    )
    assert_problem(response, 403, "forbidden")
    hit.refresh_from_db()
    assert hit.status == "open"


def test_administrators_see_the_lists_but_do_not_screen(client, accounts, lists):
    client.force_login(accounts["admin"])
    assert client.get(f"{BASE}/lists").status_code == 200
    assert_problem(post(client, f"{BASE}/matches", {"name": "Orlovsky"}), 403, "forbidden")
    assert_problem(client.get(f"{BASE}/hits"), 403, "forbidden")


@pytest.mark.parametrize("role", SCREENERS)
def test_screeners_screen_a_name(client, accounts, lists, role):
    client.force_login(accounts[role])
    response = post(
        client, f"{BASE}/matches", {"name": "Dmitri Orlovsky", "type": "person", "dob": "1966"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["threshold"] == DEFAULT_THRESHOLD and body["versions"] == {"foro-watch": 2}
    [result] = body["results"]
    assert result["id"] is None and result["name"] == "Dmitri Orlovsky"
    [h] = result["hits"]
    assert set(h) == {"list", "entryId", "matchedName", "score", "explanation"}
    assert (h["list"], h["entryId"], h["matchedName"]) == (
        "foro-watch",
        "W-1",
        "ORLOVSKY, Dmitri Ivanovich",
    )
    assert DEFAULT_THRESHOLD <= h["score"] <= 1 and "born 1966 = 1966" in h["explanation"]


def test_a_machine_client_screens_a_batch_with_its_token(client, accounts, lists):
    _token, secret = apitoken_create(actor=accounts["officer"], name="batch job")
    response = post(
        client,
        f"{BASE}/matches",
        {
            "queries": [
                {
                    "id": "a",
                    "name": "Kasteel Avionics Trading BV",
                    "type": "organisation",
                    "country": "Belgium",
                },
                {
                    "id": "b",
                    "name": "Ann Peeters",
                    "type": "person",
                    "country": "BE",
                    "dob": "1980-02-29",
                },
                {"id": "c", "name": "Jelena Borisova"},
            ],
            "lists": ["foro-watch"],
            "threshold": 0.75,
        },
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["a", "b", "c"]
    assert [h["entryId"] for h in results[0]["hits"]] == ["W-2"]
    assert "BE" in results[0]["hits"][0]["explanation"]
    assert results[1]["hits"] == []
    assert [h["entryId"] for h in results[2]["hits"]] == ["W-4"]


def test_an_applicant_token_is_refused(client, accounts, lists):
    _token, secret = apitoken_create(actor=accounts["applicant"], name="mine")
    response = post(client, f"{BASE}/matches", {"name": "x"}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 403, "forbidden")


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "body,fields",
    [
        ({}, {"name"}),
        ({"name": "x", "queries": [{"name": "y"}]}, {"name"}),
        ({"name": " "}, {"name"}),
        (
            {"name": "x", "type": "ship", "country": "Atlantis", "dob": "1966-13-01"},
            {"type", "country", "dob"},
        ),
        ({"name": "x", "threshold": 1.5}, {"threshold"}),
        ({"name": "x", "lists": ["nope"]}, {"lists"}),
        ({"queries": []}, {"queries"}),
        ({"queries": [{"name": "ok"}, {"name": "ok", "dob": "66"}]}, {"queries.1.dob"}),
        ({"queries": [{"id": "1"}]}, {"queries.0.name"}),
        ({"name": 12, "threshold": "high"}, {"name", "threshold"}),
    ],
)
def test_invalid_queries_are_422_problems_naming_the_fields(client, accounts, lists, body, fields):
    client.force_login(accounts["officer"])
    problem = assert_problem(post(client, f"{BASE}/matches", body), 422, "invalidInput")
    assert {e["field"] for e in problem["errors"]} == fields


def test_a_batch_has_a_size_limit(client, accounts, lists):
    client.force_login(accounts["officer"])
    body = {"queries": [{"name": f"n{i}"} for i in range(1001)]}
    problem = assert_problem(post(client, f"{BASE}/matches", body), 422, "invalidInput")
    assert problem["errors"][0]["field"] == "queries"


def test_without_a_loaded_list_screening_is_refused(client, accounts, db):
    client.force_login(accounts["officer"])
    assert_problem(post(client, f"{BASE}/matches", {"name": "x"}), 503, "noListLoaded")


# ---------------------------------------------------------------- lists, versions, diffs


def test_lists_show_their_current_version(client, accounts, lists):
    client.force_login(accounts["management"])
    body = client.get(f"{BASE}/lists").json()
    watch = next(item for item in body if item["code"] == "foro-watch")
    assert watch["nameEn"] == "Watch list of the department"
    current = watch["currentVersion"]
    assert (current["number"], current["entryCount"], current["isCurrent"]) == (2, 3, True)
    assert (current["added"], current["removed"], current["changed"]) == (1, 1, 1)
    assert current["files"][0]["name"] == "watch.csv" and len(current["sha256"]) == 64


def test_versions_and_diff(client, accounts, lists):
    client.force_login(accounts["officer"])
    versions = client.get(f"{BASE}/lists/foro-watch/versions").json()
    assert [(v["number"], v["isCurrent"], v["previousVersion"]) for v in versions] == [
        (2, True, 1),
        (1, False, None),
    ]
    diff = client.get(f"{BASE}/versions/{versions[0]['id']}/diff").json()
    assert diff["previousVersion"] == 1 and diff["unchangedCount"] == 1
    assert diff["added"] == [{"entryId": "W-4", "name": "BORISOVA, Yelena", "kind": "person"}]
    assert diff["removed"] == [{"entryId": "W-3", "name": "NAUTILUS PRIDE", "kind": "vessel"}]
    assert [e["entryId"] for e in diff["changed"]] == ["W-2"]
    assert_problem(client.get(f"{BASE}/lists/nope/versions"), 404, "notFound")
    assert_problem(client.get(f"{BASE}/versions/999999/diff"), 404, "notFound")


# ---------------------------------------------------------------- hits


def test_the_queue_pages_open_hits(client, accounts, hit):
    other = subject_screen(subject=register("Jelena Borisova", kind="person"))[0]
    client.force_login(accounts["officer"])
    body = client.get(f"{BASE}/hits?status=open&pageSize=1").json()
    assert body["count"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    assert body["links"]["next"] == f"{BASE}/hits?status=open&page=2&pageSize=1"
    item = client.get(f"{BASE}/hits/{hit.pk}").json()
    assert item["subject"] == {
        "type": "test.party",
        "id": "Dmitry Orlovsky",
        "name": "Dmitry Orlovsky",
        "kind": "person",
        "countries": [],
    }
    assert (item["list"], item["entryId"], item["version"], item["status"]) == (
        "foro-watch",
        "W-1",
        2,
        "open",
    )
    assert {i["id"] for i in client.get(f"{BASE}/hits?status=all").json()["items"]} == {
        hit.pk,
        other.pk,
    }
    assert_problem(client.get(f"{BASE}/hits?status=closed"), 422, "invalidInput")
    assert_problem(client.get(f"{BASE}/hits/999999"), 404, "notFound")


def test_an_officer_disposes_of_a_hit(client, accounts, hit):
    client.force_login(accounts["officer"])
    url = f"{BASE}/hits/{hit.pk}/disposition"
    problem = assert_problem(
        post(client, url, {"status": "false_positive", "reason": ""}), 422, "invalidInput"
    )
    assert [e["field"] for e in problem["errors"]] == ["reason"]
    assert_problem(post(client, url, {"status": "false_positive"}), 422, "invalidInput")
    response = post(client, url, {"status": "false_positive", "reason": "born 1990"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["dispositionReason"], body["disposedBy"]) == (
        "false_positive",
        "born 1990",
        "officer",
    )
    assert_problem(
        post(client, url, {"status": "false_positive", "reason": "again"}),
        409,
        "transitionNotAllowed",
    )
    assert client.get(f"{BASE}/hits").json()["count"] == 0
    assert ScreeningHit.objects.get(pk=hit.pk).status == "false_positive"


def test_management_reads_the_queue_but_cannot_dispose(client, accounts, hit):
    client.force_login(accounts["management"])
    assert client.get(f"{BASE}/hits").json()["count"] == 1
    response = post(
        client, f"{BASE}/hits/{hit.pk}/disposition", {"status": "confirmed", "reason": "x"}
    )
    assert_problem(response, 403, "forbidden")


def test_writes_with_a_session_need_the_csrf_token(accounts, hit):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts["officer"])
    response = post(
        client, f"{BASE}/hits/{hit.pk}/disposition", {"status": "confirmed", "reason": "x"}
    )
    assert response.status_code in (401, 403)
    assert ListVersion.objects.exists() and ScreeningHit.objects.get(pk=hit.pk).status == "open"
