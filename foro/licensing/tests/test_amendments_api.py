"""The API of licence versions: the four-eyes rule holds whatever client calls, another
organisation's licence does not exist, and a write over real HTTP with only a token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from conftest import login
from foro.core.services import apitoken_create
from foro.licensing.models_amendments import LicenceVersion
from foro.licensing.tests.conftest import granted

pytestmark = pytest.mark.django_db

V = "/api/v1/licensing/licences"


@pytest.fixture(autouse=True)
def _lists(watchlist):
    """A sanctions list loaded, so that a licence can be granted."""


def test_propose_and_countersign_over_the_api(accounts, client):
    lic = granted(accounts).licence
    line = lic.lines.order_by("goods_line__position").first()
    login(client, accounts["senior"])
    answer = client.post(
        f"{V}/{lic.pk}/versions",
        {"kind": "amendment", "reason": "More", "lines": [{"line": line.pk, "quantity": "110000"}]},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.json()
    version = answer.json()
    assert version["allowedActions"] == ["countersign", "send_back", "withdraw"]
    # the proposer cannot countersign, even as a senior officer
    refused = client.post(
        f"{V}/{lic.pk}/versions/{version['id']}/countersign", {}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    # an unknown field is refused whole
    bad = client.post(
        f"{V}/{lic.pk}/versions",
        {"kind": "amendment", "reason": "x", "urgent": True},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_holder_reads_versions_and_writes_none_another_organisation_finds_nothing(
    accounts, client
):
    lic = granted(accounts).licence
    login(client, accounts["applicant"])
    listed = client.get(f"{V}/{lic.pk}/versions").json()
    assert [v["number"] for v in listed] == [1] and listed[0]["proposedBy"] is None
    answer = client.post(
        f"{V}/{lic.pk}/versions",
        {"kind": "amendment", "reason": "x", "conditions": "none"},
        content_type="application/json",
    )
    assert answer.status_code == 403
    login(client, accounts["applicant2"])
    assert client.get(f"{V}/{lic.pk}/versions").status_code == 404
    answer = client.post(
        f"{V}/{lic.pk}/versions",
        {"kind": "amendment", "reason": "x", "conditions": "none"},
        content_type="application/json",
    )
    assert answer.status_code == 404


def _http(live_server, path, secret, body):
    request = urllib.request.Request(
        live_server.url + path,
        method="POST",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True)
def test_a_version_is_proposed_over_http_with_only_a_token(live_server, accounts, watchlist):
    lic = granted(accounts).licence
    _token, secret = apitoken_create(actor=accounts["officer"], name="script")
    status, body = _http(
        live_server,
        f"{V}/{lic.pk}/versions",
        secret,
        {"kind": "amendment", "reason": "Over HTTP", "conditions": "Report monthly."},
    )
    assert (status, body["state"]) == (201, "proposed"), body
    _token, senior = apitoken_create(actor=accounts["senior"], name="script")
    status, answer = _http(
        live_server, f"{V}/{lic.pk}/versions/{body['id']}/countersign", senior, {}
    )
    # a countersignature needs a person who signed in just now, never a token (issue 16)
    assert (status, answer["type"]) == (403, "urn:problem-type:foro:reauthenticationRequired")
    assert LicenceVersion.objects.get(pk=body["id"]).state == "proposed"
