"""The pages of end-user certificates and import certificates: the applicant's form in the
portal, the officer's forms on the case page, the post's list and request page, the import
certificate's page and PDF. A refused form keeps what was typed (422); another
organisation or another post gets a 404; the applicant never sees a verification."""

from __future__ import annotations

import pytest

from foro.licensing import euc, iic
from foro.licensing.models_euc import EndUserCertificate, EucVerification, ImportCertificate
from foro.licensing.tests.conftest import draft
from foro.licensing.tests.euc_helpers import (
    other_post_user,
    submitted_with_certificate,
    verification_in,
)
from foro.licensing.tests.movement_helpers import msubmitted


@pytest.fixture
def en(client):
    client.cookies["foro_language"] = "en"
    return client


def test_applicant_enters_the_certificate_in_the_portal(en, accounts):
    app = draft(accounts["applicant"])
    en.force_login(accounts["applicant"])
    url = f"/portal/applications/{app.pk}/end-user-certificate/"
    assert en.get(url).status_code == 200
    r = en.post(url, {"issuer": "Ministry of Defence", "reference": "REF-1"})
    assert r.status_code == 422
    body = r.content.decode()
    assert "Ministry of Defence" in body and "REF-1" in body  # nothing typed is lost
    assert "Choose the country that issued it." in body
    assert not EndUserCertificate.objects.exists()
    end_user = app.parties.get(role="end_user")
    r = en.post(
        url,
        {
            "issuer": "Ministry of Defence",
            "issuing_country": "CA",
            "issued_on": "10/01/2026",
            "reference": "REF-1",
            "stated_end_use": "Training",
            "no_reexport_clause": "no",
            "end_user": str(end_user.pk),
        },
    )
    assert r.status_code == 302
    cert = euc.certificate_of(app)
    assert cert is not None and cert.no_reexport_clause is False
    page = en.get(f"/portal/applications/{app.pk}/").content.decode()
    assert "REF-1" in page


@pytest.mark.parametrize(("who", "status"), [("applicant2", 404), ("officer", 403), ("post", 403)])
def test_nobody_else_opens_the_applicants_form(client, accounts, who, status):
    app = draft(accounts["applicant"])
    client.force_login(accounts[who])
    url = f"/portal/applications/{app.pk}/end-user-certificate/"
    assert client.get(url).status_code == status
    assert client.post(url, {"issuer": "x"}).status_code == status


def test_anonymous_is_sent_to_sign_in(client, accounts):
    v = verification_in(accounts, "open")
    for url in ("/licensing/euc-verifications/", f"/licensing/euc-verifications/{v.pk}/"):
        r = client.get(url)
        assert r.status_code == 302 and "login" in r["Location"]


def test_officer_requests_a_verification_on_the_case_page(en, accounts):
    app = submitted_with_certificate(accounts)
    en.force_login(accounts["officer"])
    page = en.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert "DND-EUC-2026-0042" in page and 'name="representation"' in page
    url = f"/licensing/applications/{app.pk}/euc/verify/"
    r = en.post(url, {"representation": "", "question": "Kept question"})
    assert r.status_code == 422
    assert "Kept question" in r.content.decode() and "Choose the representation." in (
        r.content.decode()
    )
    r = en.post(url, {"representation": "FL-IT", "question": "Please verify."})
    assert r.status_code == 302
    assert EucVerification.objects.get().representation_code == "FL-IT"


def test_officer_reviews_on_the_case_page(en, accounts):
    app = submitted_with_certificate(accounts)
    en.force_login(accounts["officer"])
    url = f"/licensing/applications/{app.pk}/euc/review/"
    r = en.post(url, {"review": "rejected", "original_seen_by": "Kept name"})
    assert r.status_code == 422 and "Kept name" in r.content.decode()
    r = en.post(url, {"review": "accepted"})
    assert r.status_code == 302 and euc.certificate_of(app).review == "accepted"


def test_the_post_sees_and_answers_its_request(en, accounts):
    v = verification_in(accounts, "open")
    en.force_login(accounts["post"])
    listing = en.get("/licensing/euc-verifications/").content.decode()
    assert v.reference in listing
    page = en.get(f"/licensing/euc-verifications/{v.pk}/").content.decode()
    assert "DND-EUC-2026-0042" in page and 'name="answer"' in page
    assert v.certificate.application.reference not in page  # the post does not get the case
    url = f"/licensing/euc-verifications/{v.pk}/answer/"
    r = en.post(url, {"answer": "", "note": "Kept note"})
    assert r.status_code == 422 and "Kept note" in r.content.decode()
    r = en.post(url, {"answer": "not_authentic", "note": "No such certificate."})
    assert r.status_code == 302
    v.refresh_from_db()
    assert v.answer == "not_authentic"


def test_another_post_sees_nothing(client, accounts):
    v = verification_in(accounts, "open")
    client.force_login(other_post_user())
    assert v.reference not in client.get("/licensing/euc-verifications/").content.decode()
    assert client.get(f"/licensing/euc-verifications/{v.pk}/").status_code == 404
    r = client.post(
        f"/licensing/euc-verifications/{v.pk}/answer/", {"answer": "authentic", "note": "x"}
    )
    assert r.status_code == 404
    v.refresh_from_db()
    assert v.status == "open"


@pytest.mark.parametrize("who", ["applicant", "applicant2", "policy"])
def test_applicants_and_others_never_see_a_request(client, accounts, who):
    v = verification_in(accounts, "answered")
    client.force_login(accounts[who])
    assert client.get("/licensing/euc-verifications/").status_code == 403
    assert client.get(f"/licensing/euc-verifications/{v.pk}/").status_code == 403
    if who == "applicant":
        page = client.get(f"/portal/applications/{v.certificate.application_id}/").content
        assert v.reference.encode() not in page and b"authentic" not in page


def test_the_case_page_shows_a_not_authentic_answer_as_blocking(en, accounts):
    v = verification_in(accounts, "open")
    euc.euc_verification_answer(
        actor=accounts["post"], verification=v, answer="not_authentic", note="Forged stamp."
    )
    en.force_login(accounts["officer"])
    page = en.get(f"/licensing/applications/{v.certificate.application_id}/").content.decode()
    assert "Blocking finding: end-user certificate" in page
    assert "Forged stamp." in page and "Not authentic" in page


def test_import_certificate_pages_and_pdf(en, accounts):
    app = msubmitted(accounts, "import-military")
    en.force_login(accounts["officer"])
    page = en.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert 'name="exporting_country"' in page
    r = en.post(f"/licensing/applications/{app.pk}/import-certificate/", {"exporting_country": ""})
    assert r.status_code == 422 and "Choose the exporting country." in r.content.decode()
    r = en.post(
        f"/licensing/applications/{app.pk}/import-certificate/", {"exporting_country": "NO"}
    )
    c = ImportCertificate.objects.get()
    assert r.status_code == 302
    # the proposer gets no issue button; a senior officer confirms on the page
    assert (
        "Confirm: issue" not in en.get(f"/licensing/import-certificates/{c.pk}/").content.decode()
    )
    en.force_login(accounts["senior"])
    assert "Confirm: issue" in en.get(f"/licensing/import-certificates/{c.pk}/").content.decode()
    act = f"/licensing/import-certificates/{c.pk}/act/issue/"
    assert en.post(act, {}).status_code == 200  # without the confirmation nothing happens
    c.refresh_from_db()
    assert c.status == "proposed"
    assert en.post(act, {"confirm": "1"}).status_code == 302
    c.refresh_from_db()
    assert c.status == "issued"
    en.force_login(accounts["applicant"])
    assert c.number in en.get(f"/portal/applications/{app.pk}/").content.decode()
    r = en.get(f"/licensing/import-certificates/{c.pk}/certificate.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    en.force_login(accounts["applicant2"])
    assert en.get(f"/licensing/import-certificates/{c.pk}/certificate.pdf").status_code == 404


def test_the_officer_cannot_issue_through_the_page(client, accounts):
    app = msubmitted(accounts, "import-military")
    c = iic.iic_propose(actor=accounts["senior"], application=app, exporting_country="NO")
    client.force_login(accounts["officer"])
    r = client.post(f"/licensing/import-certificates/{c.pk}/act/issue/", {"confirm": "1"})
    assert r.status_code == 422
    c.refresh_from_db()
    assert c.status == "proposed"
