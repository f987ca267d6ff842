"""The API of end-user certificates and their verification: the applicant's view has no
review and no verification; representation staff see only their own post's requests;
refusals are problem+json."""

from __future__ import annotations

from foro.licensing import euc
from foro.licensing.tests.euc_helpers import other_post_user, verification_in

API = "/api/v1/licensing"


def test_the_applicant_sees_the_certificate_without_review_or_verification(client, accounts):
    v = verification_in(accounts, "answered")
    app_id = v.certificate.application_id
    client.force_login(accounts["applicant"])
    body = client.get(f"{API}/applications/{app_id}/end-user-certificate").json()
    assert body["reference"] == "DND-EUC-2026-0042"
    assert "verifications" not in body and "review" not in body
    client.force_login(accounts["officer"])
    body = client.get(f"{API}/applications/{app_id}/end-user-certificate").json()
    assert [x["answer"] for x in body["verifications"]] == ["authentic"]
    assert body["blocking"] == []


def test_a_post_lists_only_its_own_requests(client, accounts):
    v = verification_in(accounts, "open")
    client.force_login(accounts["post"])
    items = client.get(f"{API}/euc-verifications").json()["items"]
    assert [i["reference"] for i in items] == [v.reference]
    assert items[0]["allowedActions"] == ["answer"]
    # the case itself stays closed to the post
    app_id = v.certificate.application_id
    assert client.get(f"{API}/applications/{app_id}/end-user-certificate").status_code == 404
    client.force_login(other_post_user())
    assert client.get(f"{API}/euc-verifications").json()["items"] == []
    r = client.post(
        f"{API}/euc-verifications/{v.pk}/answer",
        {"answer": "authentic", "note": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404 and r["Content-Type"].startswith("application/problem+json")
    client.force_login(accounts["applicant"])
    assert client.get(f"{API}/euc-verifications").json()["items"] == []
    assert client.get(f"{API}/euc-verifications/{v.pk}").status_code == 404


def test_bad_input_and_disallowed_moves_are_problems(client, accounts):
    v = verification_in(accounts, "answered")
    client.force_login(accounts["post"])
    r = client.post(
        f"{API}/euc-verifications/{v.pk}/answer",
        {"answer": "authentic", "note": "again"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r["Content-Type"].startswith("application/problem+json")
    client.force_login(accounts["officer"])
    r = client.post(
        f"{API}/applications/{v.certificate.application_id}/end-user-certificate/verifications",
        {"representation": "FL-XX", "question": ""},
        content_type="application/json",
    )
    assert r.status_code == 422
    assert {e["field"] for e in r.json()["errors"]} == {"representation", "question"}
    assert euc.verifications_visible_to(accounts["officer"]).count() == 1
