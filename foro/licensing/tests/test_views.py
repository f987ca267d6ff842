"""Back-office and portal pages: who sees what, and the actions through the forms."""

import pytest

from foro.licensing.models import Status
from foro.licensing.tests.conftest import PDF, draft, granted, proposed, submitted

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")


@pytest.mark.parametrize("role", ["officer", "senior", "management"])
def test_staff_see_the_queue_and_case_pages(client, accounts, watchlist, role):
    app = submitted(accounts)
    client.force_login(accounts[role])
    assert client.get("/licensing/").status_code == 200
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert app.reference in html and "embargoes v1" in html


@pytest.mark.parametrize("role", ["applicant", "policy", "devcoop", "post", "admin"])
def test_other_roles_are_refused_the_back_office(client, accounts, watchlist, role):
    app = submitted(accounts)
    client.force_login(accounts[role])
    assert client.get("/licensing/").status_code == 403
    assert client.get(f"/licensing/applications/{app.pk}/").status_code == 403
    r = client.post(f"/licensing/applications/{app.pk}/act/start_assessment/")
    assert r.status_code == 403
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_case_actions_through_the_page(client, accounts, watchlist):
    app = submitted(accounts)
    client.force_login(accounts["officer"])
    client.post(f"/licensing/applications/{app.pk}/act/start_assessment/")
    form = {f"risk-{c}": "low" for c in range(1, 9)}
    form.update({f"reasoning-{c}": "fine" for c in range(1, 9)})
    r = client.post(f"/licensing/applications/{app.pk}/act/assess/", form)
    assert r.status_code == 302 and r["Location"].endswith("#h-assessment")
    assert app.assessments.count() == 8
    r = client.post(
        f"/licensing/applications/{app.pk}/act/propose_decision/",
        {"decision": "refuse", "reasoning": "x"},
    )
    assert r.status_code == 422
    assert "ten minste één criterium" in r.content.decode()  # every problem shown, in Dutch
    client.post(
        f"/licensing/applications/{app.pk}/act/propose_decision/",
        {"decision": "grant", "reasoning": "fine"},
    )
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED
    client.force_login(accounts["senior"])
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert "Medeondertekenen" in html
    # without the confirmation step nothing happens
    r = client.post(f"/licensing/applications/{app.pk}/act/countersign/", {"comment": ""})
    assert r.status_code == 302 and "/confirm/countersign/" in r["Location"]
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED
    client.post(
        f"/licensing/applications/{app.pk}/act/countersign/", {"comment": "", "confirm": "1"}
    )
    app.refresh_from_db()
    assert app.status == Status.GRANTED


def test_proposer_gets_no_countersign_button(client, accounts, watchlist):
    app = proposed(accounts)
    app.proposals.update(proposed_by=accounts["senior"])
    client.force_login(accounts["senior"])
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    assert "confirm/countersign/" not in html
    client.post(f"/licensing/applications/{app.pk}/act/countersign/", {"confirm": "1"})
    app.refresh_from_db()
    assert app.status == Status.DECISION_PROPOSED


def test_applicant_portal_shows_only_own_applications(client, accounts, watchlist):
    mine = draft(accounts["applicant"])
    theirs = draft(accounts["applicant2"])
    client.force_login(accounts["applicant"])
    html = client.get("/portal/").content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert client.get(f"/portal/applications/{theirs.pk}/").status_code == 404
    assert client.get(f"/portal/applications/{theirs.pk}/edit/").status_code == 404
    r = client.post(f"/portal/applications/{theirs.pk}/act/submit/")
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT


def test_applicant_cannot_download_another_organisations_licence(client, accounts, watchlist):
    app = granted(accounts)
    client.force_login(accounts["applicant2"])
    assert client.get(f"/licensing/licences/{app.licence.pk}/licence.pdf").status_code == 404
    assert client.get(f"/portal/licences/{app.licence.pk}/").status_code == 404
    client.force_login(accounts["applicant"])
    r = client.get(f"/licensing/licences/{app.licence.pk}/licence.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_draft_form_reports_every_problem_and_saves_nothing(client, accounts):
    app = draft(accounts["applicant"])
    client.force_login(accounts["applicant"])
    form = {
        "revision": app.revision,
        "destination": "CA",
        "end_use": "changed",
        "goods-TOTAL_FORMS": 1,
        "goods-INITIAL_FORMS": 0,
        "goods-0-description": "Rifles",
        "goods-0-control_entry": "ML77",
        "goods-0-cn_code": "123",
        "goods-0-quantity": "-1",
        "goods-0-unit": "pieces",
        "goods-0-value_eur": "10",
        "parties-TOTAL_FORMS": 1,
        "parties-INITIAL_FORMS": 0,
        "parties-0-role": "consignee",
        "parties-0-name": "X",
        "parties-0-country": "CA",
    }
    r = client.post(f"/portal/applications/{app.pk}/edit/", form)
    assert r.status_code == 422
    html = r.content.decode()
    assert "3 problemen" in html
    app.refresh_from_db()
    assert app.end_use != "changed"
    assert app.goods.count() == 2


def test_draft_form_saves_and_submits(client, accounts, watchlist):
    app = draft(accounts["applicant"])
    client.force_login(accounts["applicant"])
    r = client.get(f"/portal/applications/{app.pk}/")
    assert "kan worden ingediend" in r.content.decode()
    r = client.post(f"/portal/applications/{app.pk}/act/submit/", follow=True)
    assert r.status_code == 200
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


def test_document_upload_through_the_portal(client, accounts):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = draft(accounts["applicant"])
    client.force_login(accounts["applicant"])
    before = app.documents.count()
    client.post(
        f"/portal/applications/{app.pk}/act/document/",
        {"kind": "contract", "file": SimpleUploadedFile("c.pdf", PDF)},
    )
    assert app.documents.count() == before + 1
    r = client.post(
        f"/portal/applications/{app.pk}/act/document/",
        {"kind": "contract", "file": SimpleUploadedFile("c.pdf", b"MZ" * 100)},
        follow=True,
    )
    assert "geen documenttype" in r.content.decode()
    assert app.documents.count() == before + 1


def test_applicant_timeline_hides_internal_deliberation(client, accounts, watchlist):
    app = granted(accounts)
    client.force_login(accounts["applicant"])
    html = client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert "criterium" not in html.lower() or "beoordeelde criterium" not in html
    assert "stelde voor" not in html  # the proposal is internal


def test_public_verification_page(client, accounts, watchlist):
    lic = granted(accounts).licence
    client.logout()
    r = client.get(f"/verify/{lic.verification_code}/")
    html = r.content.decode()
    assert r.status_code == 200 and lic.number in html and "geldig" in html
    assert "Canadian Army" not in html  # no end user on the public page
    assert client.get("/verify/AAAA-BBBB-CCCC-DDDD/").status_code == 404
    r = client.get("/verify/", {"code": lic.verification_code.lower()})
    assert r.status_code == 302 and r["Location"].endswith(f"/verify/{lic.verification_code}/")


def test_record_export_through_the_portal(client, accounts, watchlist):
    from datetime import date

    lic = granted(accounts, "export-dual-use").licence
    line = lic.lines.get()
    client.force_login(accounts["applicant"])
    today = date.today().strftime("%d/%m/%Y")
    r = client.post(
        f"/portal/licences/{lic.pk}/",
        {
            "line": line.pk,
            "shipped_on": today,
            "quantity": "999",
            "value_eur": "1",
            "customs_declaration": "X1",
        },
    )
    assert r.status_code == 422 and "resten" in r.content.decode()
    r = client.post(
        f"/portal/licences/{lic.pk}/",
        {
            "line": line.pk,
            "shipped_on": today,
            "quantity": "5",
            "value_eur": "100",
            "customs_declaration": "X1",
        },
    )
    assert r.status_code == 302
    line.refresh_from_db()
    assert line.used_quantity == 5


def test_suspension_through_the_page_needs_a_senior(client, accounts, watchlist):
    lic = granted(accounts).licence
    client.force_login(accounts["officer"])
    client.post(f"/licensing/licences/{lic.pk}/", {"action": "suspend", "reason": "x"})
    lic.refresh_from_db()
    assert lic.status == "valid"
    client.force_login(accounts["senior"])
    client.post(f"/licensing/licences/{lic.pk}/", {"action": "suspend", "reason": "Investigation"})
    lic.refresh_from_db()
    assert lic.status == "suspended"


def test_country_page_shows_licences_to_staff_and_figures_to_other_roles(
    client, accounts, watchlist
):
    app = granted(accounts)  # to Canada
    client.force_login(accounts["officer"])
    html = client.get("/countries/CA/").content.decode()
    assert app.licence.number in html and "Vergunningen verleend" in html
    client.force_login(accounts["policy"])
    html = client.get("/countries/CA/").content.decode()
    assert app.licence.number not in html  # figures only
    assert "Vergunningen verleend" in html


def test_home_page_shows_the_work_waiting(client, accounts, watchlist):
    proposed(accounts)
    client.force_login(accounts["senior"])
    html = client.get("/").content.decode()
    assert "1 beslissing om mee te ondertekenen" in html
    client.force_login(accounts["applicant"])
    html = client.get("/").content.decode()
    assert "1 aanvraag in behandeling" in html
    client.force_login(accounts["policy"])
    assert "Strategische goederen" not in client.get("/").content.decode()


def test_documents_download_as_attachments_to_those_who_may_see_the_case(
    client, accounts, watchlist
):
    app = submitted(accounts)
    link = app.documents.get()
    url = f"/licensing/applications/{app.pk}/documents/{link.document_id}/"
    for username in ("applicant", "officer"):
        client.force_login(accounts[username])
        r = client.get(url)
        assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
        assert r["Content-Disposition"].startswith("attachment")
        assert r["Content-Type"] == "application/pdf"
    for username in ("applicant2", "policy"):
        client.force_login(accounts[username])
        assert client.get(url).status_code == 404
    client.force_login(accounts["applicant2"])
    r = client.get(f"/api/v1/licensing/applications/{app.pk}/documents/{link.document_id}")
    assert r.status_code == 404


def test_case_page_shows_each_partys_screening_hits_under_that_party(client, accounts, watchlist):
    parties = [
        {"role": "consignee", "name": "Ivan Petroff", "country": "CY", "is_person": True},
        {"role": "end_user", "name": "Canadian Army Training Centre", "country": "CA"},
    ]
    app = submitted(accounts, parties=parties)
    client.force_login(accounts["officer"])
    html = client.get(f"/licensing/applications/{app.pk}/").content.decode()
    cards = html.split('<div class="card"')
    petroff = next(c for c in cards if ": Ivan Petroff</h3>" in c)
    army = next(c for c in cards if ": Canadian Army Training Centre</h3>" in c)
    assert "FD-2019-001" in petroff and "FD-2019-001" not in army


def test_the_hit_queue_names_the_case_and_the_partys_role(client, accounts, watchlist):
    from foro.licensing.tests.conftest import GOOD_DATA, submitted

    parties = [dict(p) for p in GOOD_DATA["export-military"]["parties"]]
    parties[0] = {**parties[0], "name": "ACME DUAL-USE TRADING FZE", "country": "AE"}
    app = submitted(accounts, parties=parties)
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get("/screening/hits/").content.decode()
    assert f"Application {app.reference} · Consignee" in html
    assert f"/licensing/applications/{app.pk}/" in html
    assert "licensing.party" not in html
