"""Import of contacts and interactions: preview, row errors, duplicates by name matching
(the screening engine's), all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from foro.core.errors import InvalidFile, PermissionDenied, ValidationFailed
from foro.core.models import AuditEvent
from foro.relations import importing, services
from foro.relations.models import Contact, Interaction
from foro.relations.tests.conftest import make_interaction, make_partner

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    """The assertions read the English messages (Dutch is the default language)."""
    with translation.override("en"):
        yield


def _read(name: str) -> bytes:
    return (DATA / name).read_bytes()


@pytest.fixture
def partners(reference):
    quebec = make_partner("Government of Québec", "region", "CA")
    nrw = make_partner("North Rhine-Westphalia State Chancellery", "region", "DE", acronym="NRW")
    bombardier = make_partner("Bombardier", "company", "CA")
    unesco = make_partner("UNESCO", "international", "FR")
    services.contact_create(
        actor="system",
        partner=nrw,
        data={
            "first_name": "Klaus",
            "last_name": "Mueller",
            "consent_basis": "public_role",
            "consent_date": "2025-01-01",
            "source": "earlier meeting",
        },
    )
    return {"quebec": quebec, "nrw": nrw, "bombardier": bombardier, "unesco": unesco}


def test_engine_matching_flags_spelling_variants():
    assert importing.likely_same_person("Klaus Müller", "Klaus Mueller")
    assert not importing.likely_same_person("Anna Smith", "John Smith")


def test_preview_of_contacts_flags_duplicates_and_reads_partner_variants(partners):
    preview = importing.preview("contacts", "contacts.csv", _read("contacts.csv"))
    by_line = {r.line: r for r in preview.rows}
    assert by_line[2].status == "duplicate" and "Klaus Mueller" in by_line[2].duplicate_of
    assert by_line[3].status == "new"
    assert by_line[4].status == "duplicate" and "row 3" in by_line[4].duplicate_of
    assert by_line[5].status == "new" and by_line[5].cleaned["partner"] == partners["bombardier"]
    assert any("Bombardier" in n for n in by_line[5].notes)
    assert preview.importable and preview.errors == 0
    assert Contact.objects.count() == 1  # a preview writes nothing


def test_import_writes_the_new_rows_and_skips_duplicates(accounts, partners):
    result = importing.import_file(
        actor=accounts["policy"],
        kind="contacts",
        name="contacts.csv",
        content=_read("contacts.csv"),
    )
    assert len(result.new) == 2 and result.duplicates == 2
    assert Contact.objects.count() == 3
    assert Contact.objects.get(last_name="Dubois").partner == partners["bombardier"]
    event = AuditEvent.objects.filter(verb="relations.imported").get()
    assert event.payload == {"rows": 2, "kind": "contacts", "duplicates": 2}
    # the same file again: everything is a duplicate now
    again = importing.preview("contacts", "contacts.csv", _read("contacts.csv"))
    assert not again.new and not again.importable


def test_a_file_with_a_bad_row_is_refused_whole(accounts, partners):
    preview = importing.preview("contacts", "b.csv", _read("contacts_broken.csv"))
    by_line = {r.line: r for r in preview.rows}
    assert by_line[2].status == "new"
    assert any("last_name" in e for e in by_line[3].errors)
    bad = " ".join(by_line[4].errors)
    for word in ("partner", "email", "consent_basis", "consent_date", "source"):
        assert word in bad
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        importing.import_file(
            actor=accounts["policy"],
            kind="contacts",
            name="b.csv",
            content=_read("contacts_broken.csv"),
        )
    assert len(exc.value.errors) == 2
    assert Contact.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("name", ["interactions.csv", "interactions.xlsx"])
def test_interactions_from_csv_and_xlsx(accounts, partners, name):
    make_interaction(
        partners["quebec"],
        subject="Annual consultation on culture",
        day=__import__("datetime").date(2026, 2, 3),
    )
    result = importing.import_file(
        actor=accounts["post"], kind="interactions", name=name, content=_read(name)
    )
    assert [r.status for r in result.rows] == ["duplicate", "new", "duplicate"]
    created = Interaction.objects.get(subject="Trust fund reporting")
    assert [o.number for o in created.objectives.all()] == [7]
    assert list(created.partners.all()) == [partners["unesco"]]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("contacts.txt", b"x"),
        ("contacts.csv", b""),
        ("contacts.csv", b"last_name;colour\nX;red\n"),
        ("contacts.csv", b"\xff\xfe\x00bad"),
        ("contacts.xlsx", b"PK\x03\x04 not really a workbook"),
    ],
)
def test_broken_files_are_refused(partners, name, content):
    with pytest.raises(InvalidFile):
        importing.preview("contacts", name, content)


def test_a_truncated_copy_of_the_real_file_is_refused(accounts, partners):
    data = _read("interactions.xlsx")
    with pytest.raises(InvalidFile):
        importing.import_file(
            actor=accounts["post"],
            kind="interactions",
            name="i.xlsx",
            content=data[: len(data) // 2],
        )
    assert not Interaction.objects.exists()


def test_only_writers_import(accounts, partners):
    with pytest.raises(PermissionDenied):
        importing.import_file(
            actor=accounts["management"],
            kind="contacts",
            name="contacts.csv",
            content=_read("contacts.csv"),
        )


def test_the_import_page_previews_then_imports(accounts, partners):
    client = Client()
    client.force_login(accounts["policy"])
    client.cookies["foro_language"] = "en"
    with open(DATA / "contacts.csv", "rb") as f:
        html = client.post("/relations/import/", {"kind": "contacts", "file": f}).content.decode()
    assert "likely duplicate" in html and "Confirm the import" in html
    assert Contact.objects.count() == 1
    response = client.post("/relations/import/", {"kind": "contacts", "confirm": "1"})
    assert response.status_code == 302
    assert Contact.objects.count() == 3


def test_the_import_page_shows_row_errors_and_offers_no_import(accounts, partners):
    client = Client()
    client.force_login(accounts["policy"])
    client.cookies["foro_language"] = "en"
    with open(DATA / "contacts_broken.csv", "rb") as f:
        html = client.post("/relations/import/", {"kind": "contacts", "file": f}).content.decode()
    assert "Correct the rows with errors" in html and "Confirm the import" not in html
    response = client.post("/relations/import/", {"kind": "contacts", "confirm": "1"})
    assert response.status_code == 302 and Contact.objects.count() == 1
