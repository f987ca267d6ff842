"""A licence from start to finish in the browser: the applicant fills in and submits,
an officer assesses and proposes, a senior officer countersigns, the applicant downloads
the licence, and anyone can verify it on the public page. axe checks each page."""

import re
from pathlib import Path

import pytest

from foro.licensing.models import Application, Licence
from foro.licensing.tests.conftest import PDF
from tests.browser.conftest import axe_violations, screenshot, sign_in

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")


def test_licence_from_draft_to_public_verification(page, watchlist, tmp_path):
    # --- the applicant
    sign_in(page, "applicant")
    page.goto("/portal/")
    assert axe_violations(page) == []
    page.select_option("#kind", "export-dual-use")
    page.click("form[action$='/applications/new/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/portal/applications/\d+/edit/"))
    app_id = int(re.search(r"/applications/(\d+)/", page.url).group(1))
    page.select_option("#id_destination", "JP")
    page.fill("#id_end_use", "Semiconductor research at a university laboratory")
    page.fill("#id_goods-0-description", "Sodium fluoride 99.9 %")
    page.fill("#id_goods-0-control_entry", "1C350")
    page.fill("#id_goods-0-cn_code", "28261990")
    page.fill("#id_goods-0-quantity", "250")
    page.fill("#id_goods-0-unit", "kg")
    page.fill("#id_goods-0-value_eur", "8200,00")
    page.select_option("#id_parties-0-role", "consignee")
    page.fill("#id_parties-0-name", "Tokyo Scientific Supplies KK")
    page.select_option("#id_parties-0-country", "JP")
    page.click("button[name=add_party]")
    page.wait_for_url(re.compile(r"add=party"))
    page.select_option("#id_parties-1-role", "end_user")
    page.fill("#id_parties-1-name", "Kyoto Materials Laboratory")
    page.select_option("#id_parties-1-country", "JP")
    assert axe_violations(page) == []
    screenshot(page, "portal-edit")
    page.click("button[name=to_submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    # the end-user certificate is still missing: the page says so
    assert (
        "eindgebruikerscertificaat" in page.content().lower()
        or "end-user certificate" in page.content().lower()
    )
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(PDF)
    page.select_option("#id_kind", "end_user_certificate")
    page.set_input_files("#id_file", str(certificate))
    page.click("form[action$='/act/document/'] button[type=submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    page.click("form[action$='/act/submit/'] button[type=submit]")
    page.wait_for_url(f"**/portal/applications/{app_id}/")
    assert Application.objects.get(pk=app_id).status == "submitted"
    screenshot(page, "portal-submitted")
    page.click("text=Afmelden")

    # --- the officer
    sign_in(page, "officer")
    page.goto(f"/licensing/applications/{app_id}/")
    page.click("form[action$='/act/start_assessment/'] button")
    for criterion in range(1, 9):
        page.select_option(f"#risk-{criterion}", "low")
        page.fill(f"#reason-{criterion}", f"No clear risk under criterion {criterion}.")
    # one form, one save for the eight criteria
    page.click("form[action$='/act/assess/'] button[type=submit]")
    page.wait_for_url(re.compile(r"#h-assessment$"))
    page.check("input[name=decision][value=grant]")
    page.fill("#p-reason", "No clear risk; end user verified.")
    page.fill("#p-cond", "No re-export without consent.")
    page.click("form[action$='/act/propose_decision/'] button[type=submit]")
    page.wait_for_load_state()
    assert Application.objects.get(pk=app_id).status == "decision_proposed"
    assert axe_violations(page) == []
    screenshot(page, "case-proposed")
    page.click("text=Afmelden")

    # --- the senior officer
    sign_in(page, "senior")
    page.goto(f"/licensing/applications/{app_id}/")
    # countersigning issues the licence: a confirmation step says so first
    page.click("form[action$='/confirm/countersign/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/confirm/countersign/"))
    page.click("form[action$='/act/countersign/'] button[type=submit]")
    page.wait_for_url(f"**/licensing/applications/{app_id}/")
    assert Application.objects.get(pk=app_id).status == "granted"
    page.click("text=Afmelden")

    # --- the applicant downloads the licence
    licence = Licence.objects.get(application_id=app_id)
    sign_in(page, "applicant")
    page.goto(f"/portal/applications/{app_id}/")
    page.click(f"text={licence.number}")
    page.wait_for_url(f"**/portal/licences/{licence.pk}/")
    assert axe_violations(page) == []
    pdf = page.request.get(f"/licensing/licences/{licence.pk}/licence.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    Path(tmp_path / "licence.pdf").write_bytes(pdf.body())
    page.click("text=Afmelden")

    # --- anyone verifies it
    page.goto("/verify/")
    page.fill("#code", licence.verification_code)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/verify/{licence.verification_code}/")
    assert licence.number in page.content()
    assert axe_violations(page) == []
    screenshot(page, "verify")
