"""The pages of shared denials: record by hand (typed values kept on a refusal), import a
signed file (a tampered one refused with where), export ours signed, the case's panel with
the consultation form, and who may reach what."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from conftest import login as _login
from foro.licensing import ed25519
from foro.licensing.models import DenialConsultation, ForeignDenial
from foro.licensing.services import denials as svc
from foro.licensing.tests.conftest import assessed

pytestmark = pytest.mark.django_db
KEY = bytes(range(32))


def login(client, user):
    _login(client, user)
    client.cookies["foro_language"] = "en"
    return client


def _settings():
    public = base64.b64encode(ed25519.public_key(KEY)).decode()
    return override_settings(
        FORO_DENIALS_STATE="BE",
        FORO_DENIALS_KEY_ID="BE-VLG-T",
        FORO_DENIALS_SIGNING_KEY=base64.b64encode(KEY).decode(),
        FORO_DENIALS_TRUSTED_KEYS=[{"keyId": "DE-T", "state": "DE", "publicKey": public}],
    )


FORM = {
    "issuingState": "DE",
    "issuingAuthority": "BAFA",
    "reference": "DE-2026-7",
    "destination": "CA",
    "controlCategories": "ML3, ML1",
    "endUserName": "Canadian Army Training Centre",
    "endUserCountry": "",
    "criteria": "7",
    "deniedOn": "01/12/2026",
}


def test_an_officer_records_a_notification_by_hand(accounts, client):
    login(client, accounts["officer"])
    assert client.get("/licensing/denials/").status_code == 200
    bad = client.post("/licensing/denials/", {**FORM, "criteria": "12"})
    assert bad.status_code == 422
    assert "DE-2026-7" in bad.content.decode() and not ForeignDenial.objects.exists()
    ok = client.post(
        "/licensing/denials/", {**FORM, "deniedOn": timezone.localdate().strftime("%d/%m/%Y")}
    )
    assert ok.status_code == 302
    d = ForeignDenial.objects.get()
    assert d.end_user_country_id == "CA" and d.control_categories == ["ML1", "ML3"]


def test_the_case_page_shows_the_denial_and_records_the_consultation(accounts, client, watchlist):
    app = assessed(accounts)
    d = svc.foreign_denial_record(
        actor=accounts["officer"],
        data={**FORM, "deniedOn": timezone.localdate()},
    )
    login(client, accounts["officer"])
    page = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert 'id="h-denials"' in page and "DE-2026-7" in page
    client.post(
        f"/licensing/applications/{app.pk}/denial-consultation/",
        {
            "denial": d.pk,
            "consulted_on": timezone.localdate().strftime("%d/%m/%Y"),
            "outcome": "no_objection",
            "answer": "No objection from BAFA.",
        },
    )
    assert DenialConsultation.objects.filter(application=app, denial=d).exists()
    assert (
        "No objection from BAFA."
        in client.get(f"/licensing/applications/{app.pk}/").content.decode()
    )


def test_import_refuses_a_tampered_file_and_export_downloads_a_signed_one(accounts, client):
    from foro.licensing import denials_exchange as fmt

    content = fmt.build(
        fmt.SigningKey("DE-T", "DE", "BAFA", KEY),
        [
            fmt.DenialNotice(
                "DE-1",
                timezone.localdate(),
                timezone.localdate().replace(year=timezone.localdate().year + 3),
                "CA",
                ("ML3",),
                "",
                "X",
                "CA",
                (7,),
                "",
            )
        ],
        [],
    )
    envelope = json.loads(content)
    raw = base64.b64decode(envelope["payload"]).replace(b'"X"', b'"Y"')
    envelope["payload"] = base64.b64encode(raw).decode()
    login(client, accounts["officer"])
    with _settings():
        answer = client.post(
            "/licensing/denials/import/",
            {"file": SimpleUploadedFile("d.json", json.dumps(envelope).encode())},
            follow=True,
        )
        assert "changed or damaged" in answer.content.decode()
        assert not ForeignDenial.objects.exists()
        client.post("/licensing/denials/import/", {"file": SimpleUploadedFile("d.json", content)})
        assert ForeignDenial.objects.get().reference == "DE-1"
        login(client, accounts["senior"])
        exported = client.post("/licensing/denials/export/")
        assert exported.status_code == 200 and exported["Content-Type"] == "application/json"
        assert json.loads(exported.content)["signature"]["keyId"] == "BE-VLG-T"


def test_applicants_do_not_reach_the_denials(accounts, client):
    login(client, accounts["applicant"])
    assert client.get("/licensing/denials/").status_code in (403, 404)
    assert client.post("/licensing/denials/", FORM).status_code in (403, 404)
    assert not ForeignDenial.objects.exists()
