"""Pages and files: who sees what, the files open and carry the same totals, and the
public pages name no applicant or end user."""

import csv
import io

import pytest
from django.conf import settings
from openpyxl import load_workbook
from pypdf import PdfReader

from foro.reporting import services
from foro.reporting.models import Publication
from foro.reporting.periods import from_code
from foro.reporting.present import fmt_eur, fmt_int
from foro.reporting.tests.conftest import COMPANY_AND_PARTY_NAMES

pytestmark = pytest.mark.django_db

REPORT = "/reports/?period=2025-H1"


def csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("who", ["officer", "senior", "management"])
def test_licensing_staff_and_management_read_the_report(client, known, accounts, who):
    client.force_login(accounts[who])
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="table-granted-third-countries"' in html
    assert '<svg class="chart"' in html and "<title" in html and "<desc" in html
    assert "Canada" in html


@pytest.mark.parametrize("who", ["applicant", "policy", "devcoop", "post", "admin"])
@pytest.mark.parametrize(
    "url",
    [
        REPORT,
        "/reports/licensing.csv?period=2025-H1",
        "/reports/licensing.xlsx?period=2025-H1",
        "/reports/licensing.pdf?period=2025-H1",
        "/reports/eu-annual-report.csv?period=2025-H1",
        "/reports/open-data/",
    ],
)
def test_others_get_403(client, accounts, who, url):
    client.force_login(accounts[who])
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_page_shows_the_counting_rule_and_belgian_numbers(client, known, accounts, english):
    client.force_login(accounts["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(REPORT).content.decode()
    assert "counts once in each of those categories" in html
    assert "€\u00a060.500" in html  # Canada's licences: 60 500 EUR, Belgian grouping
    assert "€\u00a0360.000" in html  # the intra-EU transfer
    assert "Intra-EU transfers" in html


def test_a_bad_period_is_reported_next_to_the_picker(client, accounts):
    client.force_login(accounts["officer"])
    response = client.get("/reports/?from=31/12/2025&to=01/01/2025")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_the_csv_parses_and_holds_the_totals(client, known, accounts):
    client.force_login(accounts["officer"])
    response = client.get("/reports/licensing.csv?period=2025-H1&sep=comma")
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response.content)
    total = next(
        r
        for r in rows
        if r["period"] == "2025-H1"
        and r["section"] == "third-countries"
        and r["table"] == "granted"
        and r["destination_code"] == "total"
        and r["category"] == "total"
    )
    assert (total["number"], total["value_eur"]) == ("3", "68700.00")
    ca_ml1 = next(
        r
        for r in rows
        if r["period"] == "2025-H1"
        and r["table"] == "granted"
        and r["destination_code"] == "CA"
        and r["category"] == "ML1"
    )
    assert (ca_ml1["number"], ca_ml1["value_eur"]) == ("2", "15500.00")
    refusals = next(
        r
        for r in rows
        if r["period"] == "2025-H1"
        and r["table"] == "refusals"
        and r["destination_code"] == "total"
        and r["category"] == "total"
        and r["section"] == "third-countries"
    )
    assert refusals["number"] == "2"
    assert [refusals[f"criterion_{c}"] for c in range(1, 9)] == [
        "1",
        "2",
        "0",
        "1",
        "0",
        "0",
        "1",
        "0",
    ]
    assert {r["period"] for r in rows} == {"2025-H1", "2024-H1"}


def test_the_xlsx_opens_with_the_same_figures(client, known, accounts, english):
    client.force_login(accounts["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/reports/licensing.xlsx?period=2025-H1")
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    ws = wb["Granted – third countries"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    total = rows[-1]
    assert total[0] == "Total"
    assert total[header.index("Total number")] == 3
    assert float(total[header.index("Total value (EUR)")]) == 68700.0
    canada = next(r for r in rows if r[1] == "CA")
    assert canada[header.index("ML1 number")] == 2


def test_the_pdf_has_the_same_totals_as_text(client, known, accounts):
    client.force_login(accounts["officer"])
    response = client.get("/reports/licensing.pdf?period=2025-H1")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
    assert fmt_eur("68700").replace("\u00a0", " ") in text  # licences to third countries
    assert fmt_eur("60500").replace("\u00a0", " ") in text  # Canada
    assert fmt_eur("360000").replace("\u00a0", " ") in text  # intra-EU
    assert "1; 2; 4" in text  # the criteria of the refusal to the United States
    assert "1; 2 (2x); 4; 7" in text  # all refusals to third countries: criterion 2 twice
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged (PDF/UA)


def test_the_eu_annual_report_csv_has_rows_a_to_e_per_destination(client, known, accounts):
    client.force_login(accounts["officer"])
    rows = csv_rows(client.get("/reports/eu-annual-report.csv?period=2025-H1").content)
    canada = {r["row"]: r for r in rows if r["destination_code"] == "CA"}
    assert set(canada) == {"a", "b", "c", "d", "e"}
    assert (canada["a"]["ML1"], canada["a"]["ML3"], canada["a"]["total"]) == ("2", "1", "2")
    assert canada["b"]["total"] == "60500.00"
    assert canada["c"]["ML3"] == "10000.00"
    assert (canada["d"]["total"], canada["e"]["total"]) == ("1", "2; 7")
    # military goods only: the dual-use licence to Japan is not in the EU's report
    assert not [r for r in rows if r["destination_code"] == "JP"]
    nl = {r["row"]: r for r in rows if r["destination_code"] == "NL"}
    assert nl["a"]["ML15"] == "1"


# ------------------------------------------------------------------ open data


def test_anonymous_sees_only_published_periods(client, known, accounts):
    assert client.get("/open-data/").status_code == 200
    pub = services.publication_publish(actor=accounts["management"], period=from_code("2025-H1"))
    services.publication_publish(actor=accounts["management"], period=from_code("2024-H1"))
    withdrawn = Publication.objects.get(period_start__year=2024)
    services.publication_withdraw(
        actor=accounts["management"], publication=withdrawn, reason="wrong"
    )
    html = client.get("/open-data/").content.decode()
    assert f"/open-data/{pub.pk}/" in html
    assert f"/open-data/{withdrawn.pk}/" not in html
    assert client.get(f"/open-data/{pub.pk}/").status_code == 200
    assert client.get(f"/open-data/{withdrawn.pk}/").status_code == 404
    assert client.get(f"/open-data/{withdrawn.pk}/figures.csv").status_code == 404
    assert client.get("/open-data/99999/").status_code == 404


def test_public_page_and_csv_name_no_applicant_or_end_user(client, known, accounts):
    pub = services.publication_publish(actor=accounts["management"], period=from_code("2025-H1"))
    html = client.get(f"/open-data/{pub.pk}/").content.decode()
    content = client.get(f"/open-data/{pub.pk}/figures.csv?sep=comma").content.decode("utf-8-sig")
    api = client.get(f"/api/v1/public/open-data/periods/{pub.pk}").content.decode()
    for name in COMPANY_AND_PARTY_NAMES:
        assert name not in html
        assert name not in content
        assert name not in api
    assert str(pub.figures).count("Flandrix") == 0
    assert "Canada" in html and fmt_int(3) in html
    assert 'id="table-exports-' not in html  # granted and refused figures only
    rows = csv_rows(content.encode())
    tables = {r["table"] for r in rows}
    assert "exports" not in tables and {"granted", "refusals", "instruments"} <= tables
    total = next(
        r
        for r in rows
        if r["table"] == "granted"
        and r["section"] == "third-countries"
        and r["destination_code"] == "total"
        and r["category"] == "total"
    )
    assert (total["number"], total["value_eur"]) == ("3", "68700.00")


@pytest.mark.parametrize("url", ["/reports/licensing.csv?period=2025-H1", "open-data"])
def test_csv_for_belgian_excel_uses_semicolons_by_default_in_dutch(client, known, accounts, url):
    client.force_login(accounts["officer"])
    if url == "open-data":
        pub = services.publication_publish(
            actor=accounts["management"], period=from_code("2025-H1")
        )
        url = f"/open-data/{pub.pk}/figures.csv"
    sep = "&" if "?" in url else "?"
    dutch = client.get(url).content
    assert dutch.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    header = dutch.decode("utf-8-sig").splitlines()[0]
    assert header.count(";") > 5 and "," not in header
    rows = list(csv.DictReader(io.StringIO(dutch.decode("utf-8-sig")), delimiter=";"))
    total = next(
        r
        for r in rows
        if r["table"] == "granted"
        and r["section"] == "third-countries"
        and r["destination_code"] == "total"
        and r["category"] == "total"
    )
    assert total["value_eur"] == "68700,00"  # a decimal comma Excel reads as a number
    comma = client.get(url + sep + "sep=comma").content
    assert comma.startswith(b"\xef\xbb\xbf")
    assert "68700.00" in comma.decode("utf-8-sig")
    assert csv_rows(comma)[0].keys() == rows[0].keys()
    client.cookies["foro_language"] = "en"
    english = client.get(url).content.decode("utf-8-sig")
    assert english.splitlines()[0].count(",") > 5


def test_both_csv_separators_are_offered(client, known, accounts):
    client.force_login(accounts["officer"])
    html = client.get(REPORT).content.decode()
    assert "sep=semicolon" in html and "sep=comma" in html


def test_management_publishes_from_the_page(client, known, accounts):
    client.force_login(accounts["management"])
    page = client.get("/reports/open-data/").content.decode()
    assert 'action="/reports/open-data/publish/"' in page
    response = client.post("/reports/open-data/publish/", {"period": "2025-H1"})
    assert response.status_code == 200 and not Publication.objects.exists()
    response = client.post("/reports/open-data/publish/", {"period": "2025-H1", "confirm": "yes"})
    assert response.status_code == 302
    pub = Publication.objects.get()
    assert pub.published_by == accounts["management"]
    client.force_login(accounts["senior"])
    assert "publish/" not in client.get("/reports/open-data/").content.decode()
    assert client.post("/reports/open-data/publish/", {"period": "2024-H1"}).status_code == 403
    assert Publication.objects.count() == 1


def test_publishing_asks_to_confirm_and_says_what_will_change(client, known, accounts, english):
    client.force_login(accounts["management"])
    client.cookies["foro_language"] = "en"
    response = client.post("/reports/open-data/publish/", {"period": "2025-H1", "note": ""})
    html = response.content.decode()
    assert response.status_code == 200 and not Publication.objects.exists()
    assert "first half of 2025" in html and "01/01/2025" in html and "30/06/2025" in html
    assert "cannot be changed afterwards" in html
    assert 'name="confirm" value="yes"' in html and 'name="period" value="2025-H1"' in html
    # anything but an explicit confirm publishes nothing
    for confirm in ("", "1", "no"):
        client.post("/reports/open-data/publish/", {"period": "2025-H1", "confirm": confirm})
    assert not Publication.objects.exists()
    client.post("/reports/open-data/publish/", {"period": "2025-H1", "confirm": "yes"})
    assert Publication.objects.get().version == 1
    again = client.post("/reports/open-data/publish/", {"period": "2025-H1", "note": "fix"})
    assert "replaces version 1" in again.content.decode()
    custom = client.post("/reports/open-data/publish/", {"from": "2025-01-01", "to": "2025-03-31"})
    assert 'name="from" value="2025-01-01"' in custom.content.decode()


def test_the_landing_page_links_the_open_data(client):
    assert 'href="/open-data/"' in client.get("/").content.decode()
