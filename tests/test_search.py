"""The global search: every result type per role, no leak through counts or snippets,
names matched with the screening engine's normalisation. Runs on SQLite and PostgreSQL
(CI runs both) with the same expectations."""

from __future__ import annotations

import pytest

from foro.core import search
from foro.core.models import Country, Organisation
from foro.licensing.tests.conftest import granted, submitted
from foro.trade import services as trade
from foro.trade.tests.conftest import barrier_in

#: the applicants' companies hold a prior authorisation: their export, transfer and transit
#: applications may be submitted (the refusal without one: test_prior_authorisation.py)
pytestmark = pytest.mark.usefixtures("prior_authorised")


def groups(user, text):
    return {g.key: g for g in search.search(user, text, limit=10)}


@pytest.fixture
def orgs(reference):
    ca = Country.objects.get(code="CA")
    de = Country.objects.get(code="DE")
    return {
        "bombardier": Organisation.objects.create(name="BOMBARDIER INC.", country=ca),
        "mueller": Organisation.objects.create(name="Mueller Optik GmbH", country=de),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bombardier", "BOMBARDIER INC."),
        ("bombardier inc", "BOMBARDIER INC."),
        ("Müller", "Mueller Optik GmbH"),
        ("MULLER optik", "Mueller Optik GmbH"),
    ],
)
def test_names_match_with_the_screening_normalisation(accounts, orgs, query, expected):
    found = groups(accounts["officer"], query)
    assert [h.title for h in found["organisations"].hits] == [expected]
    assert found["organisations"].total == 1


@pytest.mark.django_db
def test_unrelated_names_do_not_match(accounts, orgs):
    assert "organisations" not in groups(accounts["officer"], "Bombay")


@pytest.mark.django_db
def test_an_applicant_finds_only_their_own_organisation(accounts, orgs):
    assert "organisations" not in groups(accounts["applicant"], "Bombardier")
    assert "organisations" not in groups(accounts["applicant"], "Scheldt")  # the other demo company
    own = groups(accounts["applicant"], "Flandrix")["organisations"]
    assert own.total == 1


@pytest.fixture
def cases(accounts, watchlist):
    """Flandrix (applicant) has a licence and an open application; Scheldt (applicant2) a
    submitted application too."""
    licence = granted(accounts).licence
    open_app = submitted(accounts)
    from foro.licensing.tests.conftest import draft

    other = draft(accounts["applicant2"])
    from foro.licensing import services

    services.application_submit(actor=accounts["applicant2"], application=other)
    return {"licence": licence, "open": open_app, "other": other}


@pytest.mark.django_db
def test_cases_and_licences_per_role(accounts, cases):
    ref = cases["open"].reference
    other_ref = cases["other"].reference
    number = cases["licence"].number
    year_prefix = ref.rsplit("-", 1)[0]
    # licensing staff: every submitted case, by reference and by applicant name
    for username in ("officer", "senior", "management"):
        found = groups(accounts[username], ref)
        assert [h.title.split(" · ")[0] for h in found["applications"].hits] == [ref]
        assert groups(accounts[username], number)["licences"].total == 1
        assert groups(accounts[username], "Scheldt")["applications"].total == 1
    # the applicant: their own only, and counts that do not include the other company's
    mine = groups(accounts["applicant"], year_prefix)["applications"]
    assert other_ref not in " ".join(h.title for h in mine.hits)
    assert mine.total == len(mine.hits)
    assert "applications" not in groups(accounts["applicant"], other_ref)
    assert "applications" not in groups(accounts["applicant"], "Scheldt")
    assert groups(accounts["applicant"], number)["licences"].total == 1
    assert "licences" not in groups(accounts["applicant2"], number)
    # other roles inside the department do not open cases: no group, no count
    for username in ("policy", "devcoop", "post", "admin"):
        found = groups(accounts[username], ref)
        assert "applications" not in found and "licences" not in found


@pytest.mark.django_db
def test_barriers_and_agreements_per_role(accounts):
    own = barrier_in(accounts, "reported", reporter="applicant", title="Zuivel quota")
    barrier_in(accounts, "reported", reporter="applicant2", title="Zuivel tariffs")
    trade.agreement_create(
        actor=accounts["policy"],
        data={
            "name_nl": "Zuivelakkoord",
            "name_en": "Dairy accord",
            "kind": "other",
            "status": "negotiating",
            "partners": ["IN"],
        },
    )
    for username in ("policy", "management", "post"):
        assert groups(accounts[username], "zuivel")["barriers"].total == 2
    for username in ("officer", "senior", "devcoop", "admin"):
        assert "barriers" not in groups(accounts[username], "zuivel")
        assert groups(accounts[username], "zuivel")["agreements"].total == 1
    company = groups(accounts["applicant"], "zuivel")
    assert company["barriers"].total == 1
    assert [h.url for h in company["barriers"].hits] == [f"/trade/barriers/{own.pk}/"]
    assert "Zuivel tariffs" not in str(company)
    assert "agreements" not in company


@pytest.mark.django_db
def test_search_page_and_api_agree(accounts, client, orgs):
    client.force_login(accounts["officer"])
    page = client.get("/search/", {"q": "Bombardier"}).content.decode()
    assert "BOMBARDIER INC." in page and 'id="h-search-organisations"' in page
    body = client.get("/api/v1/search", {"q": "Bombardier"}).json()
    assert body["total"] == 1 and body["groups"][0]["key"] == "organisations"
    assert body["groups"][0]["hits"][0]["title"] == "BOMBARDIER INC."


@pytest.mark.django_db
def test_counts_stop_at_the_cap_and_say_more_than(accounts, client, orgs, monkeypatch):
    """A count stops after COUNT_CAP + 1 rows in the database (1.9 s for an exact count of
    51,000 licences before); the page and the API say "more than" instead of a number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    ca = Country.objects.get(code="CA")
    for i in range(5):
        Organisation.objects.create(name=f"Bombardier Aviation {i}", country=ca)
    with CaptureQueriesContext(connection) as ctx:
        assert search.capped_count(Organisation.objects.filter(name__icontains="bombardier")) == 4
    assert "LIMIT 4" in ctx.captured_queries[-1]["sql"].upper()
    group = groups(accounts["officer"], "Bombardier")["organisations"]
    assert (group.total, group.capped, group.shown_total) == (4, True, 3)
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get("/search/", {"q": "Bombardier"}).content.decode()
    assert "(more than 3)" in html and "More than 3 results you may open" in html
    body = client.get("/api/v1/search", {"q": "Bombardier"}).json()
    assert body["capped"] is True and body["groups"][0]["capped"] is True
    assert body["groups"][0]["total"] == 4
    # under the cap: an exact count, not capped
    monkeypatch.setattr(search, "COUNT_CAP", 1000)
    body = client.get("/api/v1/search", {"q": "Bombardier"}).json()
    assert body["capped"] is False and body["groups"][0]["total"] == 6


@pytest.mark.django_db
def test_too_long_a_query_is_refused_not_cut(accounts, client):
    client.force_login(accounts["officer"])
    assert client.get("/search/", {"q": "x" * 201}).status_code == 422
    response = client.get("/api/v1/search", {"q": "x" * 201})
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_anonymous_cannot_search(client, reference):
    assert client.get("/search/?q=a").status_code == 302
    assert client.get("/api/v1/search?q=a").status_code == 401


@pytest.mark.django_db
def test_the_header_has_the_search_box(accounts, client):
    client.force_login(accounts["policy"])
    assert b'id="header-q"' in client.get("/").content


@pytest.mark.django_db
def test_full_text_finds_words_and_on_postgresql_their_other_forms(accounts):
    """Both databases find a word of the name; PostgreSQL's Dutch and English full text also
    finds its other forms (SQLite matches substrings only, docs/search.md)."""
    from django.db import connection

    trade.agreement_create(
        actor=accounts["policy"],
        data={
            "name_nl": "Het akkoord over zuivel",
            "name_en": "Dairy negotiations",
            "kind": "other",
            "status": "negotiating",
            "partners": ["IN"],
        },
    )
    assert groups(accounts["policy"], "akkoord")["agreements"].total == 1
    assert groups(accounts["policy"], "negotiations")["agreements"].total == 1
    assert "agreements" not in groups(accounts["applicant"], "akkoord")
    if connection.vendor == "postgresql":
        assert groups(accounts["policy"], "akkoorden")["agreements"].total == 1  # Dutch plural
        assert groups(accounts["policy"], "negotiation")["agreements"].total == 1  # singular
        assert "agreements" not in groups(accounts["applicant"], "akkoorden")
