"""Importers on every real sample file, on broken copies (refused whole, nothing written),
and a second run that changes nothing."""

from __future__ import annotations

import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from foro.core.actors import SystemActor
from foro.core.errors import PermissionDenied
from foro.core.models import AuditEvent
from foro.treaties import importers
from foro.treaties.importers import ImportFormatError
from foro.treaties.models import ConsentKind, PartyStatement, Status, Treaty, TreatyParty
from foro.treaties.services import treaties_import

DATA = Path(__file__).parent / "data"
UNTC = sorted((DATA / "untc" / "treaties").glob("*.csv"))
VB = sorted((DATA / "verdragenbank").glob("*.xml"))
SHARED = Path("/work/shared/data/treaties")


def test_every_untc_sample_parses():
    assert len(UNTC) == 8
    for path in UNTC:
        treaty = importers.read_untc_status(path)
        assert treaty.parties and treaty.title_en and treaty.concluded_on
    iccpr = importers.read_untc_status(DATA / "untc" / "treaties" / "4-4.csv")
    assert iccpr.source_id == "IV-4"
    assert iccpr.title_en == "International Covenant on Civil and Political Rights"
    assert iccpr.place == "New York" and iccpr.concluded_on == date(1966, 12, 16)
    belgium = next(p for p in iccpr.parties if p.name == "Belgium")
    assert belgium.signed_on == date(1968, 12, 10) and belgium.consent_on == date(1983, 4, 21)
    assert belgium.consent_kind == "ratification"
    afghanistan = next(p for p in iccpr.parties if p.name == "Afghanistan")
    assert afghanistan.consent_kind == "accession" and afghanistan.signed_on is None
    assert any(p.statements for p in iccpr.parties)
    kyoto = importers.read_untc_status(DATA / "untc" / "treaties" / "27-7-a.csv")
    assert kyoto.source_id == "XXVII-7-a" and kyoto.title_en.startswith("Kyoto Protocol")
    assert {p.consent_kind for p in kyoto.parties} <= set(ConsentKind.values) | {""}


def test_every_verdragenbank_sample_parses():
    found = {t.source_id: t for path in VB for t in importers.read_verdragenbank(path)}
    assert set(found) == {"000004", "004630", "001610", "001624"}
    heritage = found["000004"]
    assert heritage.kind == "multilateral" and len(heritage.parties) == 6
    azerbaijan = next(p for p in heritage.parties if p.name == "Azerbeidzjan")
    assert len(azerbaijan.statements) == 2 and "Article 24" in azerbaijan.statements[0].text
    assert found["004630"].ended_on == date(1998, 11, 1)
    assert found["001610"].kind == "bilateral" and len(found["001610"].parties) == 2


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared research folder is not here")
def test_the_shared_originals_parse_too():
    for path in sorted((SHARED / "untc-mtdsg-status" / "treaties").glob("*.csv")):
        assert importers.read_untc_status(path).parties
    for path in sorted((SHARED / "nl-verdragenbank").glob("*.xml")):
        assert importers.read_verdragenbank(path)


@pytest.mark.django_db
def test_import_untc_then_again_changes_nothing(accounts):
    result = treaties_import(actor=SystemActor.SYSTEM, fmt="untc-status", paths=UNTC)
    assert result.created == 8 and result.updated == 0
    iccpr = Treaty.objects.get(source="untc", source_id="IV-4")
    assert iccpr.status == Status.IN_FORCE and iccpr.status_since == date(1983, 4, 21)
    assert iccpr.kind == "multilateral" and iccpr.competence == "mixed"
    belgium = iccpr.parties.get(name="Belgium")
    assert belgium.country_id == "BE"
    assert PartyStatement.objects.filter(party__treaty=iccpr).count() >= 60
    assert iccpr.steps.count() == 1
    counts = (Treaty.objects.count(), TreatyParty.objects.count(), AuditEvent.objects.count())
    again = treaties_import(actor=SystemActor.SYSTEM, fmt="untc-status", paths=UNTC)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    assert counts == (
        Treaty.objects.count(),
        TreatyParty.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_import_verdragenbank(accounts):
    result = treaties_import(actor=SystemActor.SYSTEM, fmt="verdragenbank-xml", paths=VB)
    assert result.created == 4
    heritage = Treaty.objects.get(source="verdragenbank", source_id="000004")
    # Belgium's own row decides: in force for Belgium since 1/1/1993
    assert heritage.status == Status.IN_FORCE and heritage.status_since == date(1993, 1, 1)
    assert heritage.parties.get(name="België").country_id == "BE"
    assert Treaty.objects.get(source_id="004630").status == Status.TERMINATED
    bilateral = Treaty.objects.get(source_id="001610")
    assert [c.code for c in bilateral.countries.all()] == ["DE"]
    again = treaties_import(actor=SystemActor.SYSTEM, fmt="verdragenbank-xml", paths=VB)
    assert again.unchanged == 4


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    target = tmp_path / source.name
    text = source.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("Albania,,4 Oct 1991 a", "Albania,,4 Oct 19x1 a", "line 3"),
        ("Albania,,4 Oct 1991 a", "Albania,,31 Feb 1991", "line 3"),
        ("Albania,,4 Oct 1991 a", "Albania,4 Oct 1991", "line 3"),
        ("Participant,Signature", "Country,Signed", "line 1"),
    ],
)
def test_a_broken_untc_file_refuses_the_whole_import(accounts, tmp_path, old, new, position):
    broken = _broken(tmp_path, DATA / "untc" / "treaties" / "4-4.csv", old, new)
    before = (Treaty.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportFormatError) as exc:
        treaties_import(actor=SystemActor.SYSTEM, fmt="untc-status", paths=[UNTC[0], broken])
    assert exc.value.file == str(broken) and exc.value.position.startswith(position)
    assert (Treaty.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("<DatumOndertekenning>1998-12-17", "<DatumOndertekenning>1998-13-17", "Partij 1"),
        ("</Partijen>", "</Partijn>", "line "),
        ("Multilateraal", "Trilateraal", "verdragType"),
    ],
)
def test_a_broken_verdragenbank_file_refuses_the_whole_import(
    accounts, tmp_path, old, new, position
):
    source = DATA / "verdragenbank" / "verdragenbank_item_000004.ABRIDGED.xml"
    broken = _broken(tmp_path, source, old, new)
    good = DATA / "verdragenbank" / "verdragenbank_item_004630.xml"
    with pytest.raises(ImportFormatError) as exc:
        treaties_import(actor=SystemActor.SYSTEM, fmt="verdragenbank-xml", paths=[good, broken])
    assert exc.value.position.startswith(position)
    assert not Treaty.objects.filter(source="verdragenbank").exists()


def test_a_document_type_declaration_is_refused(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Verdragenbank/>')
    with pytest.raises(ImportFormatError):
        importers.read_verdragenbank(path)


@pytest.mark.django_db
def test_a_wrong_file_name_is_refused(tmp_path):
    path = tmp_path / "iccpr.csv"
    shutil.copy(DATA / "untc" / "treaties" / "4-4.csv", path)
    with pytest.raises(ImportFormatError):
        importers.read_untc_status(path)


@pytest.mark.django_db
def test_only_policy_officers_import(accounts):
    with pytest.raises(PermissionDenied):
        treaties_import(actor=accounts["management"], fmt="untc-status", paths=UNTC[:1])


@pytest.mark.django_db
def test_the_command(accounts, tmp_path):
    out = StringIO()
    call_command("treaties_import", "--format", "untc-status", *map(str, UNTC[:2]), stdout=out)
    assert "2 treaties created" in out.getvalue()
    out = StringIO()
    call_command("treaties_import", "--format", "untc-status", *map(str, UNTC[:2]), stdout=out)
    assert "2 unchanged" in out.getvalue()
    broken = _broken(tmp_path, UNTC[0], "Participant", "Who")
    with pytest.raises(CommandError, match="refused .*line 1.*nothing imported"):
        call_command("treaties_import", "--format", "untc-status", str(broken))
