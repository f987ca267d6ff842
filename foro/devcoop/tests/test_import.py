"""Import: every shipped real IATI file imports; broken copies are refused whole; the
round trip export → import → export gives the same XML; the CLI."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from foro.core.errors import InvalidFile, PermissionDenied
from foro.core.models import AuditEvent
from foro.devcoop import services
from foro.devcoop.iati import export
from foro.devcoop.imports import iati_import
from foro.devcoop.models import Activity, PartnerOrganisation, PublishedFile
from foro.devcoop.tests.helpers import DATA, full_activity

pytestmark = pytest.mark.django_db

ACTIVITY_FILES = {
    "usaid-bb.xml": 1,
    "usaid-bo.xml": 63,
    "who-arg.xml": 157,
    "worldbank-679.xml": 5,
    "wri-521257057-strategic-plan-2023-2027.xml": 1,
    "acfspain-ph.xml": 6,
    "activity-standard-example-annotated-2.03.xml": 1,
}
ORGANISATION_FILES = [
    "3fi-org.xml",
    "BE-BCE_KBO-0420656336.xml",
    "ares-org.xml",
    "organisation-standard-example-annotated-2.03.xml",
]


@pytest.mark.parametrize("name,count", ACTIVITY_FILES.items())
def test_every_real_activity_file_imports(accounts, name, count):
    report = iati_import(actor=accounts["devcoop"], name=name, data=(DATA / name).read_bytes())
    assert report.kind == "activities"
    assert report.created == count
    assert Activity.objects.filter(source="imported", imported_from=name).count() == count
    assert AuditEvent.objects.filter(verb="devcoop.iati_imported", target_label=name).exists()
    # a second import updates, never duplicates
    again = iati_import(actor=accounts["devcoop"], name=name, data=(DATA / name).read_bytes())
    assert (again.created, again.updated) == (0, count)


def test_report_names_what_is_not_modelled(accounts):
    report = iati_import(
        actor=accounts["devcoop"],
        name="activity-standard-example-annotated-2.03.xml",
        data=(DATA / "activity-standard-example-annotated-2.03.xml").read_bytes(),
    )
    text = "\n".join(report.lines())
    for element in (
        "contact-info",
        "other-identifier",
        "country-budget-items",
        "planned-disbursement",
    ):
        assert element in report.not_modelled, text
    # the official example breaks ruleset rules on purpose: reported, not refused
    assert any(w.rule == "6.6.2" for w in report.warnings)


@pytest.mark.parametrize("name", ORGANISATION_FILES)
def test_every_real_organisation_file_imports(accounts, name):
    report = iati_import(actor=accounts["devcoop"], name=name, data=(DATA / name).read_bytes())
    assert report.kind == "organisation" and report.organisations == 1
    assert PartnerOrganisation.objects.filter(imported_from=name).count() == 1


BROKEN = {
    "truncated": lambda b: b[: len(b) // 2],
    "not xml": lambda b: b"%PDF-1.7 not xml",
    "wrong root": lambda b: b"<?xml version='1.0'?><activities><x/></activities>",
    "schema": lambda b: b.replace(b"<iati-identifier>", b"<iati-identifer>", 1).replace(
        b"</iati-identifier>", b"</iati-identifer>", 1
    ),
    "element in the wrong place": lambda b: b.replace(
        b"<reporting-org", b"<budget/><reporting-org", 1
    ),
    "entity expansion": lambda b: (
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><iati-activities version='2.03'>&a;</iati-activities>"
    ),
}


@pytest.mark.parametrize("how", BROKEN)
def test_broken_copy_is_refused_whole(accounts, how):
    data = BROKEN[how]((DATA / "usaid-bo.xml").read_bytes())
    with pytest.raises(InvalidFile):
        iati_import(actor=accounts["devcoop"], name="usaid-bo.xml", data=data)
    assert Activity.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="devcoop.iati_imported").exists()


@pytest.mark.parametrize("who", ["management", "policy", "applicant", "officer"])
def test_only_development_officers_import(accounts, who):
    with pytest.raises(PermissionDenied):
        iati_import(
            actor=accounts[who], name="usaid-bb.xml", data=(DATA / "usaid-bb.xml").read_bytes()
        )


def test_own_activity_is_never_overwritten_by_an_import(accounts):
    a = full_activity(accounts["devcoop"])
    xml = export.activities_xml(export.for_export(Activity.objects.all()), generated=timezone.now())
    changed = xml.replace(b"Climate-resilient agriculture in Zomba", b"Hijacked")
    report = iati_import(actor=accounts["devcoop"], name="ours.xml", data=changed)
    assert report.skipped and report.created == 0
    a.refresh_from_db()
    assert a.title_en == "Climate-resilient agriculture in Zomba"


def test_round_trip_export_import_export_gives_the_same_xml(accounts):
    full_activity(accounts["devcoop"])
    full_activity(accounts["devcoop"], identifier="MZ-2024-002", recipient_country="MZ")
    moment = timezone.now()
    first = export.activities_xml(
        export.for_export(Activity.objects.order_by("iati_identifier")), generated=moment
    )
    Activity.objects.all().delete()
    report = iati_import(actor=accounts["devcoop"], name="round.xml", data=first)
    assert report.created == 2 and not report.not_modelled, report.lines()
    second = export.activities_xml(
        export.for_export(Activity.objects.order_by("iati_identifier")), generated=moment
    )
    assert second == first


def test_round_trip_of_real_files_is_stable_for_what_foro_models(accounts):
    iati_import(
        actor=accounts["devcoop"], name="w.xml", data=(DATA / "worldbank-679.xml").read_bytes()
    )
    moment = timezone.now()
    first = export.activities_xml(
        export.for_export(Activity.objects.order_by("iati_identifier")), generated=moment
    )
    iati_import(actor=accounts["devcoop"], name="w2.xml", data=first)
    second = export.activities_xml(
        export.for_export(Activity.objects.order_by("iati_identifier")), generated=moment
    )
    assert second == first


def test_imported_activity_can_be_linked_and_is_read_only(accounts):
    iati_import(
        actor=accounts["devcoop"], name="w.xml", data=(DATA / "worldbank-679.xml").read_bytes()
    )
    theirs = Activity.objects.get(iati_identifier="44000-P145054")
    ours = full_activity(accounts["devcoop"])
    services.activity_link(
        actor=accounts["devcoop"], activity=ours, ref=theirs.iati_identifier, type="4"
    )
    assert ours.related.get().ref == "44000-P145054"
    with pytest.raises(PermissionDenied):
        services.budget_add(
            actor=accounts["devcoop"],
            activity=theirs,
            data={"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "1"},
        )


def test_cli_import_and_export(accounts, tmp_path):
    out = io.StringIO()
    call_command("iati_import", str(DATA / "usaid-bb.xml"), str(DATA / "ares-org.xml"), stdout=out)
    assert "usaid-bb.xml: activities, 1 created" in out.getvalue()
    broken = tmp_path / "broken.xml"
    broken.write_bytes((DATA / "usaid-bb.xml").read_bytes()[:500])
    with pytest.raises(CommandError):
        call_command("iati_import", str(broken), stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command("iati_export", "--out", str(tmp_path / "x.xml"))
    a = full_activity(accounts["devcoop"])
    services.publication_request(actor=accounts["devcoop"], activity=a)
    services.publication_approve(actor=accounts["management"], activity=a)
    target = tmp_path / "published.xml"
    call_command("iati_export", "--out", str(target), stderr=io.StringIO())
    assert target.read_text("utf-8") == PublishedFile.objects.get().xml
