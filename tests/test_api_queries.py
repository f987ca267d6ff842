"""List endpoints fetch a page in a fixed number of queries: a page of 25 rows costs what
a page of 5 costs (no query per row). Rows are copied with the ORM from one made through
the services, so that each row has the relations a real one has."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from foro.licensing.models import (
    Application,
    ExportRecord,
    GoodsLine,
    InformationRequest,
    Licence,
    LicenceLine,
)
from foro.licensing.tests.conftest import granted, submitted

V1 = "/api/v1"
ROWS = 30


def count_queries(client, url: str) -> tuple[int, dict]:
    assert client.get(url).status_code == 200  # warm the per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def assert_page_cost_is_flat(client, url: str, items=lambda body: body["items"]):
    sep = "&" if "?" in url else "?"
    small, small_body = count_queries(client, f"{url}{sep}pageSize=5")
    large, large_body = count_queries(client, f"{url}{sep}pageSize=25")
    assert (len(items(small_body)), len(items(large_body))) == (5, 25)
    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 25"


# ---------------------------------------------------------------- rows


def _copy(obj, **changes):
    obj.pk = None
    obj.id = None
    for key, value in changes.items():
        setattr(obj, key, value)
    obj._state.adding = True
    obj.save()
    return obj


@pytest.fixture
def applications(accounts, watchlist):
    app = submitted(accounts)
    officer = accounts["officer"]
    for i in range(ROWS):
        copy = _copy(
            Application.objects.get(pk=app.pk),
            reference=f"AV-TEST-{i:05d}",
            assigned_officer=officer if i % 2 else None,
        )
        InformationRequest.objects.create(
            application=copy,
            question="?",
            asked_by=officer,
            answer="!",
            answered_at=timezone.now(),
        )


@pytest.fixture
def licences(accounts, watchlist):
    lic = granted(accounts, "export-military").licence
    for i in range(ROWS):
        app = _copy(Application.objects.get(pk=lic.application_id), reference=f"AV-L-{i:05d}")
        copy = _copy(
            Licence.objects.get(pk=lic.pk),
            application=app,
            number=f"TEST-{i:05d}",
            verification_code=f"TEST-{i:04d}-AAAA-BBBB",
        )
        for line in LicenceLine.objects.filter(licence=lic).select_related("goods_line"):
            goods = _copy(GoodsLine.objects.get(pk=line.goods_line_id), application=app)
            new_line = _copy(line, licence=copy, goods_line=goods)
            ExportRecord.objects.create(
                licence_line=new_line,
                shipped_on=date(2026, 1, 5),
                kind=copy.kind,
                destination=copy.destination,
                control_category=new_line.control_category,
                quantity=1,
                value_eur=1,
                customs_declaration=f"26BE{i:012d}",
                recorded_by=accounts["applicant"],
            )


@pytest.fixture
def hits(accounts, watchlist):
    from foro.screening.models import ScreeningHit, ScreeningSubject

    subject = ScreeningSubject.objects.create(
        subject_type="test.party", subject_id="many", name="Many Hits", kind="person"
    )
    ScreeningHit.objects.bulk_create(
        ScreeningHit(
            subject=subject,
            sanctions_list=watchlist.sanctions_list,
            version=watchlist,
            entry_id=f"X-{i}",
            entry_fingerprint="f",
            score=0.9,
            matched_name="MANY",
            explanation="test",
            status="false_positive" if i % 2 else "open",
            disposed_by=accounts["officer"] if i % 2 else None,
            disposition_reason="x" if i % 2 else "",
        )
        for i in range(ROWS)
    )


@pytest.fixture
def publications(accounts):
    from foro.reporting.models import Publication

    Publication.objects.bulk_create(
        Publication(
            period_start=date(2000 + i, 1, 1),
            period_end=date(2000 + i, 12, 31),
            version=1,
            figures={},
            sha256="0" * 64,
            published_by=accounts["management"],
            published_at=timezone.now(),
        )
        for i in range(ROWS)
    )


# ---------------------------------------------------------------- paged lists


def test_countries(client, accounts):
    client.force_login(accounts["officer"])
    assert_page_cost_is_flat(client, f"{V1}/countries")


def test_organisations(client, accounts):
    from foro.core.tests.factories import OrganisationFactory

    OrganisationFactory.create_batch(ROWS)
    client.force_login(accounts["officer"])
    assert_page_cost_is_flat(client, f"{V1}/organisations")


@pytest.mark.parametrize("role", ["officer", "applicant"])
def test_applications(client, accounts, applications, role):
    client.force_login(accounts[role])
    assert_page_cost_is_flat(client, f"{V1}/licensing/applications")


@pytest.mark.parametrize("role", ["officer", "applicant"])
def test_licences(client, accounts, licences, role):
    client.force_login(accounts[role])
    assert_page_cost_is_flat(client, f"{V1}/licensing/licences")


def test_screening_hits(client, accounts, hits):
    client.force_login(accounts["officer"])
    assert_page_cost_is_flat(client, f"{V1}/screening/hits?status=all")


def test_public_open_data_periods(client, publications):
    assert_page_cost_is_flat(client, f"{V1}/public/open-data/periods")


@pytest.fixture
def general_rows(accounts):
    """Registrations of many companies (each with a prior authorisation and a report), and
    many prior authorisations and reports of the demo applicant's company."""
    from foro.core.tests.factories import OrganisationFactory
    from foro.licensing.models_general import (
        GeneralLicenceRegistration,
        GeneralLicenceReport,
        PriorAuthorisation,
    )
    from foro.licensing.services import general as svc
    from foro.licensing.tests.test_general_services import granted

    pa = granted(accounts)
    reg = svc.general_licence_register(
        actor=accounts["applicant"], licence_code="general-transfer-armed-forces"
    )
    report = svc.general_licence_report_use(
        actor=accounts["applicant"],
        registration=reg,
        period_start=timezone.localdate() - timedelta(days=30),
        period_end=timezone.localdate(),
        destination="NL",
        goods_description="Sights",
        control_entry="ML15.c",
        value_eur="1000",
    )
    for i, org in enumerate(OrganisationFactory.create_batch(ROWS)):
        other_pa = _copy(
            PriorAuthorisation.objects.get(pk=pa.pk), reference=f"VM-T-{i:05d}", organisation=org
        )
        other = _copy(
            GeneralLicenceRegistration.objects.get(pk=reg.pk),
            reference=f"AR-T-{i:05d}",
            organisation=org,
            prior_authorisation=other_pa,
        )
        _copy(GeneralLicenceReport.objects.get(pk=report.pk), registration=other)
        _copy(PriorAuthorisation.objects.get(pk=pa.pk), reference=f"VM-O-{i:05d}", renewal_of=pa)
        _copy(GeneralLicenceReport.objects.get(pk=report.pk))
    return reg


@pytest.mark.parametrize("role", ["officer", "management"])
def test_general_registrations(client, accounts, general_rows, role):
    client.force_login(accounts[role])
    assert_page_cost_is_flat(client, f"{V1}/licensing/general-registrations")


@pytest.mark.parametrize("role", ["officer", "applicant"])
def test_prior_authorisations(client, accounts, general_rows, role):
    client.force_login(accounts[role])
    assert_page_cost_is_flat(client, f"{V1}/licensing/prior-authorisations")


@pytest.mark.parametrize("role", ["officer", "applicant"])
def test_general_usage_reports(client, accounts, general_rows, role):
    client.force_login(accounts[role])
    assert_page_cost_is_flat(
        client, f"{V1}/licensing/general-registrations/{general_rows.pk}/reports"
    )


# ---------------------------------------------------------------- unpaged lists


def test_staff_publications(client, accounts):
    from foro.reporting.models import Publication
    from foro.reporting.periods import from_code
    from foro.reporting.services import publication_publish, publication_withdraw

    client.force_login(accounts["management"])
    url = f"{V1}/reports/publications"
    pub = publication_publish(actor=accounts["management"], period=from_code("2024-H1"))
    publication_withdraw(actor=accounts["management"], publication=pub, reason="x")
    few, body = count_queries(client, url)
    assert len(body) == 1
    for code in ("2024-H2", "2025-H1", "2025-H2", "2023-H1", "2023-H2"):
        pub = publication_publish(actor=accounts["management"], period=from_code(code))
        publication_withdraw(actor=accounts["management"], publication=pub, reason="x")
    many, body = count_queries(client, url)
    assert len(body) == Publication.objects.count() == 6
    assert few == many


def test_sanctions_lists_and_versions(client, accounts, tmp_path):
    from foro.screening.tests.helpers import BORISOV, KASTEEL, NAUTILUS, ORLOV, import_rows

    client.force_login(accounts["officer"])
    import_rows(tmp_path, [ORLOV, KASTEEL])
    import_rows(tmp_path, [ORLOV], code="foro-denials")
    few_lists, _ = count_queries(client, f"{V1}/screening/lists")
    few_versions, body = count_queries(client, f"{V1}/screening/lists/foro-watch/versions")
    assert len(body) == 1
    for rows in ([ORLOV], [ORLOV, NAUTILUS], [BORISOV], [KASTEEL, BORISOV]):
        import_rows(tmp_path, rows)
    many_lists, _ = count_queries(client, f"{V1}/screening/lists")
    many_versions, body = count_queries(client, f"{V1}/screening/lists/foro-watch/versions")
    assert len(body) == 5 and body[0]["previousVersion"] == 4
    assert (few_lists, few_versions) == (many_lists, many_versions)


def test_timeline(client, accounts, watchlist):
    client.force_login(accounts["officer"])
    short = submitted(accounts)
    long = granted(accounts)
    few, body = count_queries(client, f"{V1}/licensing/applications/{short.pk}/timeline")
    many, more = count_queries(client, f"{V1}/licensing/applications/{long.pk}/timeline")
    assert len(more) > len(body) + 5
    assert few == many


def test_a_licence_reads_its_lines_and_exports_at_once(client, accounts, watchlist):
    lic = granted(accounts, "export-military").licence
    client.force_login(accounts["applicant"])
    _count, body = count_queries(client, f"{V1}/licensing/licences/{lic.pk}")
    assert len(body["lines"]) == 2
    assert timezone.localdate() - timedelta(days=1) <= date.fromisoformat(body["validFrom"])


STATIC_LISTS = [
    f"{V1}/objectives",
    f"{V1}/reference/",
    f"{V1}/reference/military-list",
    f"{V1}/reference/dual-use",
    f"{V1}/reference/criteria",
    f"{V1}/reference/embargoes",
    f"{V1}/reference/embargoes/versions",
    f"{V1}/network/representations",
    f"{V1}/licensing/kinds",
    f"{V1}/licensing/transitions",
    f"{V1}/licensing/general-licences",
]


@pytest.mark.parametrize("url", STATIC_LISTS)
def test_reference_lists_cost_a_few_queries_whatever_their_length(client, accounts, url):
    """Reference rows have no relations to fetch: a list costs the few queries of the
    session, the permission and the rows, however many rows (or datasets) there are."""
    client.force_login(accounts["officer"])
    cost, body = count_queries(client, url)
    assert body
    assert cost <= 4, f"{url}: {cost} queries"
