"""What an applicant reads in the portal: decisions by date, no internal badges, hints tied
to their fields, no link that answers 403."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest

from foro.licensing.tests.conftest import draft, granted

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_client(client):
    client.cookies["foro_language"] = "en"
    return client


def test_a_granted_application_says_when_it_was_decided(english_client, accounts, watchlist):
    app = granted(accounts)
    english_client.force_login(accounts["applicant"])
    page = english_client.get(f"/portal/applications/{app.pk}/").content.decode()
    assert "Decided on" in page and "Decision expected by" not in page
    listing = english_client.get("/portal/").content.decode()
    assert "decided on" in listing


def test_the_applicant_does_not_see_internal_badges(english_client, accounts, watchlist):
    lic = granted(accounts).licence
    assert not lic.application.kind_def.validity_confirmed
    english_client.force_login(accounts["applicant"])
    page = english_client.get(f"/portal/licences/{lic.pk}/").content.decode()
    assert lic.verification_code in page
    assert "validity to confirm" not in page


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("aria-describedby"):
            self.described += a["aria-describedby"].split()
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def _parse(html: str) -> _Ids:
    p = _Ids()
    p.feed(html)
    return p


def test_every_aria_describedby_points_to_an_element(client, accounts):
    app = draft(accounts["applicant"])
    client.force_login(accounts["applicant"])
    pages = [f"/portal/applications/{app.pk}/edit/", f"/portal/applications/{app.pk}/"]
    for url in pages:
        p = _parse(client.get(url).content.decode())
        assert p.described, url
        assert set(p.described) <= p.ids, (url, set(p.described) - p.ids)
    # with errors too (the error text is tied to its field)
    r = client.post(
        pages[0],
        {
            "revision": app.revision,
            "goods-TOTAL_FORMS": "1",
            "goods-INITIAL_FORMS": "0",
            "goods-0-description": "x",
            "goods-0-quantity": "twelve",
            "parties-TOTAL_FORMS": "0",
            "parties-INITIAL_FORMS": "0",
        },
    )
    p = _parse(r.content.decode())
    assert r.status_code == 422 and any(d.endswith("_error") for d in p.described)
    assert set(p.described) <= p.ids


def test_an_applicant_sees_no_link_that_answers_403(client, accounts, watchlist):
    """Follow every same-site link from the portal and the pages it leads to."""
    app = granted(accounts)
    client.force_login(accounts["applicant"])
    start = ["/", "/portal/", f"/portal/applications/{app.pk}/", "/reference/"]
    seen: set[str] = set()
    todo = list(start)
    refused = []
    while todo and len(seen) < 150:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url)
        if r.status_code == 403:
            refused.append(url)
            continue
        if r.status_code != 200 or "html" not in r.get("Content-Type", ""):
            continue
        for href in _parse(r.content.decode()).links:
            target = urlparse(urljoin(url, href))
            if target.netloc or not target.path.startswith("/") or "logout" in target.path:
                continue
            if re.search(r"\.(pdf|csv|xlsx|ods|json)$|/pdf/|/download", target.path):
                continue
            todo.append(target.path + (f"?{target.query}" if target.query else ""))
    assert len(seen) > 10 and not refused, (len(seen), refused)


def test_the_applicants_lists_come_in_pages(english_client, accounts):
    from foro.licensing import services
    from foro.portal.views import PORTAL_PAGE

    apps = [
        services.application_create(actor=accounts["applicant"], kind="export-military")
        for _ in range(PORTAL_PAGE + 3)
    ]
    english_client.force_login(accounts["applicant"])
    first = english_client.get("/portal/").content.decode()
    second = english_client.get("/portal/?page=2").content.decode()
    newest_first = [a.reference for a in reversed(apps)]
    assert all(ref in first for ref in newest_first[:PORTAL_PAGE])
    assert not any(ref in first for ref in newest_first[PORTAL_PAGE:])
    assert all(ref in second for ref in newest_first[PORTAL_PAGE:])
    assert (
        "Page 1 of 2" in first
        and "page=2" in first
        and 'aria-label="Pages of applications"' in first
    )
    # the licences keep their own page number (none here: no pager for them)
    assert "lpage=" not in first
