"""A full disk during an upload through the API: 507 problem+json, nothing kept (the
service-level test and the helper: foro/core/tests/test_documents_disk_full.py)."""

from __future__ import annotations

import io

import pytest

from foro.core.models import Document
from foro.core.tests.test_documents_disk_full import BIG_PDF, fill_the_disk
from foro.licensing import services

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("prior_authorised")
def test_the_api_answers_507_problem_json_and_keeps_the_draft(client, accounts, monkeypatch):
    app = services.application_create(actor=accounts["applicant"], kind="export-military")
    fill_the_disk(monkeypatch)
    client.force_login(accounts["applicant"])
    client.cookies["foro_language"] = "en"
    r = client.post(
        f"/api/v1/licensing/applications/{app.pk}/documents",
        {"kind": "end_user_certificate", "file": io.BytesIO(BIG_PDF)},
    )
    assert r.status_code == 507
    assert r["Content-Type"] == "application/problem+json"
    assert r.json()["type"].endswith(":storageFull") and "storage is full" in r.json()["detail"]
    assert not app.documents.exists() and not Document.objects.exists()
