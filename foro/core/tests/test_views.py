"""Pages: each role's home, the reference and network pages, denial, language switch."""

import pytest
from django.conf import settings

from foro.core.models import AuditEvent

ROLES = ["applicant", "officer", "senior", "policy", "devcoop", "post", "management", "admin"]
INTERNAL_PAGES = [
    "/countries/",
    "/countries/IT/",
    "/organisations/",
    "/network/representations/",
    "/network/representations/FL-ZA/",
]
ALL_SIGNED_IN_PAGES = [
    "/",
    "/account/",
    "/reference/",
    "/reference/military-list/",
    "/reference/dual-use/",
    "/reference/criteria/",
    "/reference/embargoes/",
]


def test_landing_page_for_anonymous_visitors(client, reference):
    response = client.get("/")
    assert response.status_code == 200
    assert "Aanmelden" in response.content.decode()  # Dutch by default


@pytest.mark.parametrize("url", INTERNAL_PAGES + ALL_SIGNED_IN_PAGES[1:])
def test_pages_need_a_sign_in(client, reference, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_a_home_page(client, accounts, role):
    client.force_login(accounts[role])
    response = client.get("/")
    assert response.status_code == 200
    assert accounts[role].first_name in response.content.decode()


@pytest.mark.parametrize("url", INTERNAL_PAGES + ALL_SIGNED_IN_PAGES)
def test_internal_pages_render_for_staff(client, accounts, url):
    client.force_login(accounts["management"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", INTERNAL_PAGES)
def test_applicants_are_refused_internal_pages(client, accounts, url):
    client.force_login(accounts["applicant"])
    assert client.get(url).status_code == 403


def test_applicant_cannot_open_another_organisation(client, accounts):
    client.force_login(accounts["applicant"])
    own = accounts["applicant"].organisation_id
    other = accounts["applicant2"].organisation_id
    assert client.get(f"/organisations/{own}/").status_code == 200
    assert client.get(f"/organisations/{other}/").status_code == 404


def test_navigation_shows_only_what_a_role_may_use(client, accounts):
    client.force_login(accounts["applicant"])
    html = client.get("/").content.decode()
    assert 'href="/network/representations/"' not in html
    client.force_login(accounts["policy"])
    html = client.get("/").content.decode()
    assert 'href="/network/representations/"' in html


def test_navigation_comes_in_groups_in_their_order(client, accounts):
    """The header's entries are grouped by domain (navigation.GROUPS), each group a list of
    its own, whatever order the apps registered them in."""
    import re

    from foro.core.navigation import GROUPS, NavItem, navigation_for

    items = navigation_for(accounts["management"], "/")
    groups = [i["group"] for i in items]
    assert groups == sorted(groups, key=GROUPS.index)
    assert {"home", "world", "policy", "licensing", "data"} <= set(groups)
    client.force_login(accounts["management"])
    html = client.get("/").content.decode()
    nav = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    # one <li class="nav-group"> per group shown, each holding its entries
    assert nav.count('class="nav-group"') == len(set(groups))
    first_group = re.search(r'class="nav-group"><ul>(.*?)</ul>', nav, re.S)
    assert first_group is not None and 'href="/"' in first_group.group(1)
    with pytest.raises(ValueError, match="unknown navigation group"):
        NavItem("X", "home", frozenset(), group="elsewhere")


def test_unconfirmed_facts_are_shown_as_such(client, accounts):
    client.force_login(accounts["policy"])
    html = client.get("/network/representations/FL-CH-UN/").content.decode()
    assert "UNCONFIRMED" in html and "badge-alert" in html
    html = client.get("/reference/embargoes/").content.decode()
    assert "UNVERIFIED" in html


def test_language_switch_persists_for_the_user(client, accounts):
    user = accounts["officer"]
    client.force_login(user)
    assert 'lang="nl"' in client.get("/").content.decode()
    response = client.post("/language/", {"language": "en", "next": "/reference/"})
    assert response.status_code == 302 and response["Location"] == "/reference/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/reference/").content.decode()
    assert 'lang="en"' in html and "Reference data" in html
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert AuditEvent.objects.filter(verb="user.language_changed", target_id=str(user.pk)).exists()


def test_saved_language_applies_at_the_next_sign_in(client, accounts):
    user = accounts["devcoop"]
    user.preferred_language = "en"
    user.save()
    response = client.post("/login/", {"username": "devcoop", "password": "demo"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_refuses_foreign_redirects(client, reference):
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_wrong_password_gives_a_clear_message(client, reference):
    response = client.post("/login/", {"username": "officer", "password": "nope"})
    assert response.status_code == 200
    assert "niet juist" in response.content.decode()


def test_dates_are_belgian(client, accounts):
    from datetime import date

    from django.utils import translation
    from django.utils.formats import date_format, number_format

    for lang in ("nl", "en"):
        with translation.override(lang):
            assert date_format(date(2026, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2026"
            assert number_format(1234.5, decimal_pos=2, force_grouping=True) == "1.234,50"


def test_page_titles_separate_the_page_from_the_product(client, accounts):
    client.force_login(accounts["policy"])
    html = client.get("/countries/").content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert title.endswith(" · foro") and len(title) > len(" · foro")
