"""The Parliament report's split (issue 10): licences per direction (export, intra-EU transfer,
import, transit) and instrument (individual, global, general), imports counted per country
of origin and never as exports, the extensions and written confirmations of the period, and
the published snapshot that new data does not change."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from foro.licensing import kinds as kinds_module
from foro.licensing import rulings
from foro.licensing.models import Licence, LicenceLine
from foro.licensing.services import amendments
from foro.licensing.services import general as general_services
from foro.licensing.tests.movement_helpers import mgranted
from foro.licensing.tests.test_general_services import granted as authorised
from foro.reporting import exports, services
from foro.reporting import figures as fig
from foro.reporting.generate import generate
from foro.reporting.models import Publication
from foro.reporting.periods import Period, from_code
from foro.reporting.tests.conftest import EXPECTED_2025_H1, at

pytestmark = pytest.mark.django_db

H1 = from_code("2025-H1")
D = Decimal


def _import_and_transit(accounts):
    """2025-04-02 an import licence from Norway (ML3 152 000), 2025-04-03 a transit licence
    from Switzerland to Canada (ML3 152 000)."""
    with at(date(2025, 4, 2)):
        imported = mgranted(accounts, "import-military").licence
    with at(date(2025, 4, 3)):
        transit = mgranted(accounts, "transit-military").licence
    return imported, transit


def test_imports_count_per_origin_and_never_as_exports(known, accounts):
    imported, transit = _import_and_transit(accounts)
    assert imported.destination_id == "NO"  # what the licence stores: the origin
    f = fig.collect(H1)
    third = f.sections[fig.THIRD]
    # the export figures are those of the known data set, without the import or the transit
    assert "NO" not in third.destinations()
    assert (third.granted.total().number, third.granted.total().value) == EXPECTED_2025_H1[
        "third-countries"
    ]["granted_total"]
    imports = f.sections[fig.IMPORT].granted
    assert imports.rows() == ["NO"]
    assert (imports.row_total("NO").number, imports.row_total("NO").value) == (1, D("152000.00"))
    assert f.sections[fig.TRANSIT].granted.rows() == ["CA"]
    # the key figure "exports and intra-EU transfers" adds only the two outgoing sections
    report = fig.Report(f, fig.collect(H1.year_earlier()))
    outgoing = fig.compare(report.current, report.previous, None)[-1]
    assert outgoing.licences.current == 3 + 1  # L1, L2, L4 and the transfer L3
    assert outgoing.value.current == D("68700.00") + D("360000.00")
    # the EU annual report lists exports and transfers only
    coarm = exports.coarm_csv(exports.coarm_figures(H1)).decode("utf-8-sig")
    assert ",NO," not in coarm and ",CA," in coarm
    # by direction: one import, one transit, each individual
    assert f.split_cell("import", "individual") == fig.Cell(1, D("152000.00"))
    assert f.split_cell("transit", "individual") == fig.Cell(1, D("152000.00"))
    assert f.split_cell("export", "individual") == fig.Cell(3, D("68700.00"))
    assert f.split_cell("transfer", "individual") == fig.Cell(1, D("360000.00"))


def test_brokering_and_technical_assistance_have_their_own_section_never_exports(
    known, accounts, client
):
    """A brokering or technical-assistance licence moves no goods out of Flanders: it is in
    the section "brokering and technical assistance" and in its own rows of the split, never
    in the export figures or the EU annual report."""
    with at(date(2025, 4, 4)):
        brokered = mgranted(accounts, "brokering-military").licence
    with at(date(2025, 4, 5)):
        assisted = mgranted(accounts, "technical-assistance-military").licence
    f = fig.collect(H1)
    assert (f.sections[fig.THIRD].granted.total().number,) == (
        EXPECTED_2025_H1["third-countries"]["granted_total"][0],
    )
    section = f.sections[fig.BROKERING].granted
    assert section.total().number == 2
    assert f.split_cell("brokering", "individual").number == 1
    assert f.split_cell("technical-assistance", "individual").number == 1
    assert f.split_cell("export", "individual") == fig.Cell(3, D("68700.00"))
    coarm = exports.coarm_csv(exports.coarm_figures(H1)).decode("utf-8-sig")
    assert brokered.number not in coarm and assisted.number not in coarm
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get("/reports/", {"period": "2025-H1"}).content.decode()
    assert "Brokering and technical assistance" in html and "Technical assistance" in html


GLOBAL_KINDS = """
[kinds.export-global-test]
instrument = "global"
period = true
several_consignees = true
name_nl = "Globale uitvoervergunning (test)"
name_en = "Global export licence (test)"
licence_code = "GUV"
control_list = "military"
destination = "outside-eu"
required_parties = ["consignee", "end_user"]
required_documents = []
decision_days = 42
minister_decision_days = 84
validity_months = 36
validity_confirmed = false
decided_by = "senior_licensing_officer"

[kinds.transfer-global-test]
direction = "transfer"
instrument = "global"
period = true
several_consignees = true
name_nl = "Globale overbrengingsvergunning (test)"
name_en = "Global transfer licence (test)"
licence_code = "GOV"
control_list = "military"
destination = "eu-member"
required_parties = ["consignee", "end_user"]
required_documents = []
decision_days = 42
minister_decision_days = 84
validity_months = 36
validity_confirmed = false
decided_by = "senior_licensing_officer"
"""

#: the expected direction and instrument of each kind, written out here (not read from the code)
AXES = {
    "export-military": ("export", "individual"),
    "export-dual-use": ("export", "individual"),
    "transfer-intra-eu": ("transfer", "individual"),
    "import-military": ("import", "individual"),
    "export-global-test": ("export", "global"),
    "transfer-global-test": ("transfer", "global"),
}


@pytest.fixture
def global_kinds(tmp_path, monkeypatch):
    """The kind table with two global kinds added (the real file plus a data block)."""
    table = tmp_path / "kinds.toml"
    table.write_text(kinds_module.KINDS_FILE.read_text(encoding="utf-8") + GLOBAL_KINDS, "utf-8")
    monkeypatch.setattr(kinds_module, "KINDS_FILE", table)
    kinds_module.kind_table.cache_clear()
    yield
    kinds_module.kind_table.cache_clear()


def test_the_split_by_direction_and_instrument_on_generated_data(accounts, global_kinds):
    generate(licences=400, seed=11)
    # some generated licences become global or import licences (their lines carry the kind)
    for kind, source, step in (
        ("export-global-test", "export-military", 3),
        ("transfer-global-test", "transfer-intra-eu", 4),
        ("import-military", "export-dual-use", 5),
    ):
        ids = [
            pk
            for pk in Licence.objects.filter(kind=source).values_list("pk", flat=True)
            if pk % step == 0
        ]
        Licence.objects.filter(pk__in=ids).update(kind=kind)
        LicenceLine.objects.filter(licence_id__in=ids).update(kind=kind)
    period = from_code("2023")
    start, end = period.bounds()
    want: dict[tuple[str, str], fig.Cell] = {}
    for kind, axes in AXES.items():
        issued = Licence.objects.filter(kind=kind, issued_at__gte=start, issued_at__lt=end)
        value = LicenceLine.objects.filter(licence__in=issued).aggregate(
            v=Sum("authorised_value_eur")
        )
        cell = want.setdefault(axes, fig.Cell())
        cell.add(issued.count(), value["v"] or 0)
    f = fig.collect(period)
    for axes, cell in want.items():
        assert f.split_cell(*axes) == cell, axes
    assert want[("export", "global")].number > 0 and want[("transfer", "global")].number > 0
    assert want[("import", "individual")].number > 0
    # the imports are in their own section, not among the exports
    assert f.sections[fig.IMPORT].granted.total() == want[("import", "individual")]
    exported = f.sections[fig.THIRD].granted.total()
    assert (
        exported.number == want[("export", "individual")].number + want[("export", "global")].number
    )
    # the cache gives back the same split
    cached = fig.collect_cached([period])[0]
    again = fig.collect_cached([period])[0]
    assert again.split == cached.split == {k: v for k, v in f.split.items() if v.number or v.value}


def test_general_licence_use_counts_as_the_general_instrument(accounts):
    with at(date(2024, 12, 2)):  # the prior authorisation in force before the period
        authorised(accounts)
    flemish = general_services.general_licence_register(
        actor=accounts["applicant"], licence_code="general-transfer-armed-forces"
    )
    eu001 = general_services.general_licence_register(
        actor=accounts["applicant"], licence_code="general-export-eu001"
    )
    for reg, destination, entry, value, end in (
        (flemish, "NL", "ML15.c", "1000.00", date(2025, 6, 30)),
        (flemish, "FR", "ML15.c", "2500.50", date(2025, 3, 31)),
        (eu001, "US", "5A002.a", "700.00", date(2025, 6, 30)),
        (eu001, "US", "5A002.a", "9999.00", date(2025, 7, 31)),  # in the second half-year
    ):
        general_services.general_licence_report_use(
            actor=accounts["applicant"],
            registration=reg,
            period_start=date(2025, 1, 1),
            period_end=end,
            destination=destination,
            goods_description="Sights",
            control_entry=entry,
            value_eur=value,
        )
    f = fig.collect(H1)
    assert f.split_cell("transfer", "general") == fig.Cell(2, D("3500.50"))
    assert f.split_cell("export", "general") == fig.Cell(1, D("700.00"))
    assert [(g.code, g.number, g.companies) for g in f.general] == [
        ("general-export-eu001", 1, 1),
        ("general-transfer-armed-forces", 2, 1),
    ]
    # a kind filter is about licences: general licences are not a kind
    assert fig.collect(H1, "export-military").split_cell("transfer", "general") == fig.Cell()


def _amend(accounts, lic, day):
    with at(day):
        line = lic.lines.order_by("goods_line__position").first()
        version = amendments.amendment_propose(
            actor=accounts["officer"],
            licence=lic,
            kind="amendment",
            reason="Follow-up order",
            lines=[{"line": line.pk, "valueEur": str(line.authorised_value_eur + 1000)}],
        )
        amendments.amendment_countersign(actor=accounts["senior"], version=version)
    return version


def _ruling(accounts, day, kind="not_military", answer="not_military", cn="93069090"):
    with at(day):
        r = rulings.ruling_ask(
            actor=accounts["applicant"],
            kind=kind,
            description="Secret Widget Mk II for Flandrix",
            cn_code=cn,
            question="Is this military?",
        )
        rulings.ruling_answer(
            actor=accounts["officer"], ruling=r, answer=answer, reasoning="Private reasoning."
        )
    return r


@pytest.fixture
def extras(known, accounts):
    """An amendment of L1 in force on 2025-05-02 and two rulings answered in H1, one in H2."""
    version = _amend(accounts, known.l1, date(2025, 5, 2))
    r1 = _ruling(accounts, date(2025, 4, 10))
    r2 = _ruling(accounts, date(2025, 5, 12), "catch_all", "licence_required", "85269200")
    _ruling(accounts, date(2025, 8, 1))
    return version, r1, r2


def test_extensions_and_written_confirmations_of_the_period_are_listed(known, accounts, extras):
    version, r1, r2 = extras
    f = fig.collect(H1)
    assert [
        (e.licence_number, e.licence_code, e.change, e.version, e.changes, e.day)
        for e in f.extensions
    ] == [(known.l1.number, "UIT", "amendment", 2, ("goods",), date(2025, 5, 2))]
    assert [(c.reference, c.kind, c.answer, c.cn_code, c.day) for c in f.confirmations] == [
        (r1.reference, "not_military", "not_military", "93069090", date(2025, 4, 10)),
        (r2.reference, "catch_all", "licence_required", "85269200", date(2025, 5, 12)),
    ]
    assert f.extension_counts() == {"amendment": 1, "renewal": 0}
    assert fig.collect(from_code("2025-H2")).confirmation_counts() == {
        ("not_military", "not_military"): 1
    }


def test_page_pdf_and_xlsx_show_the_split_extensions_and_confirmations(
    client, known, accounts, extras
):
    _import_and_transit(accounts)
    client.force_login(accounts["officer"])
    client.cookies["foro_language"] = "en"
    html = client.get("/reports/?period=2025-H1").content.decode()
    assert 'id="table-instruments"' in html and "Imports (per country of origin)" in html
    assert "Country of origin" in html and known.l1.number in html
    assert extras[1].reference in html and "85269200" in html
    pdf = client.get("/reports/licensing.pdf?period=2025-H1")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Licences by direction and instrument" in text
    assert known.l1.number in text and "Written confirmations" in text
    xlsx = client.get("/reports/licensing.xlsx?period=2025-H1")
    wb = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    rows = list(wb["By instrument"].iter_rows(values_only=True))
    imports = next(r for r in rows if r[0] == "Import")
    assert (imports[1], float(imports[2])) == (1, 152000.0)
    assert [r[2] for r in wb["Extensions"].iter_rows(values_only=True)][1:] == [known.l1.number]
    assert "Granted – imports" in wb.sheetnames


def test_anonymous_sees_only_published_periods_and_no_numbers_or_companies(
    client, known, accounts, extras
):
    assert client.get("/reports/?period=2025-H1").status_code == 302  # staff only
    assert client.get("/open-data/1/").status_code == 404
    pub = services.publication_publish(actor=accounts["management"], period=H1)
    with translation.override("en"):
        html = client.get(f"/open-data/{pub.pk}/", HTTP_COOKIE="foro_language=en").content.decode()
    assert 'id="table-extensions"' in html and 'id="table-confirmations"' in html
    for secret in (known.l1.number, extras[1].reference, "Secret Widget", "Private reasoning"):
        assert secret not in html
        assert secret not in str(pub.figures)
    assert [e["licenceCode"] for e in pub.figures["extensions"]] == ["UIT"]
    assert len(pub.figures["confirmations"]) == 2
    api = client.get(f"/api/v1/public/open-data/periods/{pub.pk}").json()
    assert api["figures"]["extensions"][0]["changes"] == ["goods"]
    assert (
        "licenceNumber" not in api["figures"]["extensions"][0]
        or not api["figures"]["extensions"][0]["licenceNumber"]
    )
    assert client.get(f"/open-data/{pub.pk + 1}/").status_code == 404


def test_the_published_snapshot_is_unchanged_by_new_data_but_the_report_sees_it(
    client, known, accounts, extras
):
    staff_before = fig.collect_cached([H1])[0]
    pub = services.publication_publish(actor=accounts["management"], period=H1)
    stored, digest = pub.figures, pub.sha256
    csv_before = client.get(f"/open-data/{pub.pk}/figures.csv").content
    # new data in the published period: an import, an amendment (after the period, of a
    # licence issued in it: its value changes), a written confirmation
    _import_and_transit(accounts)
    _amend(accounts, known.l2, date(2025, 9, 1))
    _ruling(accounts, date(2025, 6, 20))
    pub.refresh_from_db()
    assert (pub.figures, pub.sha256) == (stored, digest)
    assert services.canonical_sha256(pub.figures) == digest
    assert client.get(f"/open-data/{pub.pk}/figures.csv").content == csv_before
    # the staff report (through the figures cache) counts the new data
    staff_after = fig.collect_cached([H1])[0]
    assert staff_after.split_cell("import", "individual").number == 1
    assert len(staff_after.confirmations) == len(staff_before.confirmations) + 1
    third = staff_after.sections[fig.THIRD].granted.total().value
    assert third == staff_before.sections[fig.THIRD].granted.total().value + 1000
    assert Publication.objects.count() == 1


def test_an_old_snapshot_without_the_split_still_renders(client, known, accounts):
    pub = services.publication_publish(actor=accounts["management"], period=H1)
    old = {
        k: v
        for k, v in pub.figures.items()
        if k not in ("instruments", "generalLicences", "extensions", "confirmations")
    }
    Publication.objects.filter(pk=pub.pk).update(figures=old)
    f = fig.figures_from_json(old)
    assert not f.with_instruments
    response = client.get(f"/open-data/{pub.pk}/")
    assert response.status_code == 200
    assert 'id="table-instruments"' not in response.content.decode()
    assert Period(date(2025, 1, 1), date(2025, 6, 30)) == f.period


def test_a_kind_with_an_unknown_instrument_is_refused():
    text = kinds_module.KINDS_FILE.read_text(encoding="utf-8") + GLOBAL_KINDS
    assert kinds_module.parse_kinds(text).kinds["export-global-test"].instrument == "global"
    with pytest.raises(ValueError, match="instrument"):
        kinds_module.parse_kinds(text.replace('instrument = "global"', 'instrument = "sole"'))
