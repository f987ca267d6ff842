"""A policy officer works the treaty register and the EU transposition tracker: the
register with its filters, a treaty's procedure step by step (a consequential step asks
for confirmation), a directive page with its measure and correlation table, and both
dashboards. axe checks each page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from foro.eulaw import demo as eu_demo
from foro.eulaw.models import Directive
from foro.treaties import demo
from foro.treaties.models import Status, Treaty
from tests.browser.conftest import axe_violations, screenshot, sign_in


def test_the_register_and_a_treaty_procedure(page):
    demo.load()
    sign_in(page, "policy")
    page.goto("/treaties/")
    assert page.locator("table tbody tr").count() == 25  # a page of 30 treaties
    assert axe_violations(page) == []
    screenshot(page, "treaties-register")
    page.check("input[name=overdue]")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**overdue=1**")
    assert page.locator("tbody tr.row-attention").count() >= 1

    treaty = Treaty.objects.get(short_title="Akkoord Vlaanderen–Mozambique")
    assert treaty.status == Status.ASSENT_ADOPTED
    page.goto(f"/treaties/{treaty.pk}/")
    assert axe_violations(page) == []
    screenshot(page, "treaty-detail")
    day = timezone.localdate().isoformat()
    form = page.locator("form[action$='/steps/express_consent/']")
    form.locator("input[name=occurred_on]").fill(day)
    form.locator("button[type=submit]").click()
    # the confirmation page says what changes; nothing changed yet
    assert "confirm" in page.content()
    treaty.refresh_from_db()
    assert treaty.status == Status.ASSENT_ADOPTED
    assert axe_violations(page) == []
    screenshot(page, "treaty-confirm")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/treaties/{treaty.pk}/")
    treaty.refresh_from_db()
    assert treaty.status == Status.CONSENT_EXPRESSED
    assert page.locator("form[action$='/steps/enter_into_force/']").count() == 1

    page.goto("/treaties/dashboard/")
    assert axe_violations(page) == []
    screenshot(page, "treaties-dashboard")


def test_a_directive_page_and_the_eu_dashboard(page):
    eu_demo.load()
    sign_in(page, "policy")
    page.goto("/eu/")
    # the trend chart (an SVG image with a title and a description) next to its table
    assert page.locator("figure.chart svg[role=img] rect").count() >= 2
    assert page.locator("#h-overdue").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "eu-dashboard")

    directive = Directive.objects.get(celex="32024L2881")
    page.goto(f"/eu/directives/{directive.pk}/")
    assert axe_violations(page) == []
    page.fill("#m-title", "Decreet betreffende de luchtkwaliteit")
    page.fill("#m-eli", "https://www.ejustice.just.fgov.be/eli/decreet/2026/11/20/1")
    page.fill("#m-adopted", (timezone.localdate() - timedelta(days=10)).isoformat())
    page.click("form[action$='/measures/'] button[type=submit]")
    page.wait_for_url(f"**/eu/directives/{directive.pk}/")
    measure = directive.measures.get()
    art = page.locator(f"#art-{measure.pk}")
    art.fill("Art. 19")
    page.fill(f"#prov-{measure.pk}", "Art. 4 §2")
    page.click(f"form[action$='/measures/{measure.pk}/correlations/'] button[type=submit]")
    page.wait_for_url(f"**/eu/directives/{directive.pk}/**")
    assert (
        page.locator(f"#measure-{measure.pk} table tbody tr")
        .first.inner_text()
        .startswith("Art. 19")
    )
    assert axe_violations(page) == []
    screenshot(page, "eu-directive")


def test_the_monthly_report_and_an_infringement_case(page):
    eu_demo.load()
    sign_in(page, "management")
    month = timezone.localdate().strftime("%Y-%m")
    page.goto(f"/eu/report/{month}/")
    assert page.locator(f"a[href='/eu/report/{month}.pdf']").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "eu-report")
    page.goto("/eu/infringements/?open=1")
    page.click("tbody tr th a >> nth=0")
    page.wait_for_url("**/eu/infringements/*/")
    assert page.locator("ol.timeline li").count() >= 1
    # management reads; only policy officers record stages
    assert page.locator("form.action-form").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "eu-case")
