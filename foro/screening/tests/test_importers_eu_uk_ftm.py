"""The EU FSF XML, UK Sanctions List XML and OpenSanctions FollowTheMoney importers.

No real copy of these three files is in the project: the fixtures in tests/data were
written by the foro team from the publishers' format documentation (see tests/data/README.md),
with fictitious entries. Each importer is checked on its fixture and on broken copies
(refused whole, with the file and a position)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from foro.screening.engine.model import EntityKind, FuzzyDate, Identifier, Name, NameQuality
from foro.screening.importers import FORMATS, ImportFormatError, load

DATA = Path(__file__).resolve().parent / "data"
EU = DATA / "eu_fsf_sample.xml"
UK = DATA / "uk_sanctions_list_sample.xml"
FTM = DATA / "opensanctions_sample.ftm.json"
FIXTURES = {"eu-fsf-xml": EU, "uk-xml": UK, "ftm-json": FTM}


def by_id(fmt: str, path: Path | None = None):
    parsed = load(fmt, [path or FIXTURES[fmt]])
    return parsed, {e.entry_id: e for e in parsed.entries}


def refused(tmp_path: Path, fmt: str, data: bytes, name: str = "broken") -> ImportFormatError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFormatError) as info:
        load(fmt, [path])
    assert info.value.file == name
    assert info.value.position.startswith(("line ", "end of file")), info.value.position
    assert info.value.reason
    return info.value


def test_the_three_formats_are_registered():
    assert {"eu-fsf-xml", "uk-xml", "ftm-json"} <= set(FORMATS)


# ---------------------------------------------------------------- EU


def test_eu_fixture():
    parsed, e = by_id("eu-fsf-xml")
    assert parsed.format == "eu-fsf-xml" and parsed.published == date(2026, 11, 30)
    assert [x.entry_id for x in parsed.entries] == [
        "EU.9001.01",
        "EU.9002.02",
        "EU.9003.03",
        "900401",
    ]
    assert parsed.counts["person"] == 2 and parsed.counts["organisation"] == 2
    assert parsed.counts["ids_from_logical_id"] == 1
    arkady = e["EU.9001.01"]
    assert arkady.kind == EntityKind.PERSON
    assert arkady.names == (
        Name("Arkady Petrovich Vetrogonov", NameQuality.PRIMARY),
        Name("Аркадий Петрович Ветрогонов", NameQuality.STRONG, original_script=True),
        Name("Arkadi Vetrogonoff", NameQuality.WEAK),
    )
    assert arkady.birth_dates == (FuzzyDate.parse("1968-07-04"),)
    assert arkady.nationalities == ("RU",) and arkady.countries == ("RU",)
    assert arkady.identifiers == (Identifier("passport", "750000001", "RU"),)
    assert arkady.programmes == ("RUS",) and arkady.listed_on == date(2022, 3, 15)
    assert "Tula" in arkady.extra["place_of_birth"]
    qamari = e["EU.9003.03"]
    # circa year and a year with a month; country "00" is no country, not an unmapped one
    assert qamari.birth_dates == (FuzzyDate.parse("1971"), FuzzyDate.parse("1972-03"))
    assert "circa 1971" in qamari.extra["birth_date_notes"]
    assert qamari.nationalities == () and parsed.counts["unmapped_countries"] == {}
    assert e["EU.9002.02"].identifiers == (Identifier("registration", "1900000000001", "RU"),)


EU_XML = EU.read_bytes()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b'code="person"', b'code="robot"', "unknown subjectType code 'robot'"),
        (b'logicalId="900101"', b'logicalId="x"', "logicalId 'x'"),
        (b'strong="false"', b'strong="no"', "strong='no': expected true or false"),
        (b'birthdate="1968-07-04"', b'birthdate="04/07/1968"', "birthdate is not a date"),
        (b"<remark>Fictitious", b"<comment/><remark>Fictitious", "unexpected element <comment>"),
        (b'generationDate="2026-11-30T17:01:02.123+01:00"', b"", "no generationDate"),
        (b'wholeName="Belaya Reka Machine Works JSC"', b'wholeName=""', "without a name"),
        (
            b'euReferenceNumber="EU.9002.02"',
            b'euReferenceNumber="EU.9001.01"',
            "duplicate entry id",
        ),
        (b'countryIso2Code="AM"', b'countryIso2Code="A!"', "not a 2-letter code"),
    ],
)
def test_eu_structure_check_refuses(tmp_path, old, new, reason):
    assert old in EU_XML
    error = refused(tmp_path, "eu-fsf-xml", EU_XML.replace(old, new, 1))
    assert reason in error.reason


def test_eu_other_namespace_or_root_is_refused(tmp_path):
    other = EU_XML.replace(b"http://eu.europa.ec/fpi/fsd/export", b"urn:other")
    assert "not an FSF export" in refused(tmp_path, "eu-fsf-xml", other).reason
    un = (DATA.parent.parent / "data" / "lists" / "un_consolidated_2026-02-27.xml").read_bytes()
    assert "expected <export>" in refused(tmp_path, "eu-fsf-xml", un).reason


@pytest.mark.parametrize("fraction", [0.01, 0.3, 0.6, 0.95])
def test_eu_truncated_is_refused(tmp_path, fraction):
    refused(tmp_path, "eu-fsf-xml", EU_XML[: int(len(EU_XML) * fraction)])


# ---------------------------------------------------------------- UK


def test_uk_fixture():
    parsed, e = by_id("uk-xml")
    assert parsed.format == "uk-xml" and parsed.published == date(2026, 11, 30)
    assert [x.entry_id for x in parsed.entries] == ["RUS9001", "RUS9002", "RUS9003", "AQD9004"]
    assert (parsed.counts["person"], parsed.counts["organisation"], parsed.counts["vessel"]) == (
        2,
        1,
        1,
    )
    arkady = e["RUS9001"]
    assert arkady.names == (
        Name("Arkady Petrovich VETROGONOV", NameQuality.PRIMARY),
        Name("Arkadiy VETROGONOV", NameQuality.STRONG),
        Name("Arkasha", NameQuality.WEAK),
        Name("Аркадий Петрович Ветрогонов", NameQuality.PRIMARY, original_script=True),
    )
    assert arkady.birth_dates == (FuzzyDate.parse("1968-07-04"), FuzzyDate.parse("1969"))
    assert arkady.nationalities == ("RU",) and arkady.listed_on == date(2022, 3, 15)
    assert arkady.identifiers == (Identifier("passport", "750000001"),)
    assert arkady.extra["ofsi_group_id"] == "99001"
    ship = e["RUS9003"]
    assert ship.kind == EntityKind.VESSEL and ship.countries == ("CM",)
    assert ship.identifiers == (Identifier("imo", "9000001"),)
    qamari = e["AQD9004"]
    assert qamari.birth_dates == (FuzzyDate.parse("1972-03"),)  # dd/03/1972
    assert qamari.extra["birth_date_notes"] == "approximately 1971"
    assert qamari.listed_on is None  # DateDesignated dd/mm/2011: a year, not a day
    assert qamari.identifiers == (Identifier("national_id", "NI-900-123"),)


UK_XML = UK.read_bytes()


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b">Ship<", b">Aircraft<", "IndividualEntityShip 'Aircraft'"),
        (b"<UniqueID>RUS9002", b"<UniqueID>RUS9001", "duplicate UniqueID RUS9001"),
        (b"<UniqueID>RUS9003</UniqueID>", b"", "no UniqueID"),
        (
            b"<NameType>Alias</NameType><AliasStrength>Low",
            b"<NameType>Nickname</NameType><AliasStrength>Low",
            "unknown NameType",
        ),
        (b"Low quality", b"Medium quality", "unknown AliasStrength"),
        (
            b"<DateDesignated>15/03/2022",
            b"<DateDesignated>2022-15-03",
            "DateDesignated is not a date",
        ),
        (b"<DateGenerated>30/11/2026", b"<DateGenerated>yesterday", "DateGenerated is not a date"),
        (
            b"<NameType>Primary Name</NameType></Name>\n    </Names>\n    <RegimeName>Russia</RegimeName>\n    <IndividualEntityShip>Ship",
            b"<NameType>Alias</NameType></Name>\n    </Names>\n    <RegimeName>Russia</RegimeName>\n    <IndividualEntityShip>Ship",
            "has no Primary Name",
        ),
    ],
)
def test_uk_strictness(tmp_path, old, new, reason):
    assert old in UK_XML, old
    assert reason in refused(tmp_path, "uk-xml", UK_XML.replace(old, new, 1)).reason


@pytest.mark.parametrize("fraction", [0.01, 0.3, 0.6, 0.95])
def test_uk_truncated_is_refused(tmp_path, fraction):
    refused(tmp_path, "uk-xml", UK_XML[: int(len(UK_XML) * fraction)])


def test_uk_empty_list_is_refused(tmp_path):
    data = b'<?xml version="1.0"?><Designations><DateGenerated>30/11/2026</DateGenerated></Designations>'
    assert "zero entries" in refused(tmp_path, "uk-xml", data).reason


# ---------------------------------------------------------------- OpenSanctions FtM


def test_ftm_fixture():
    parsed, e = by_id("ftm-json")
    assert parsed.format == "ftm-json" and parsed.published is None
    assert list(e) == [
        "NK-fict-arkady",
        "NK-fict-kestrel",
        "NK-fict-gannet",
        "NK-fict-belaya",
        "NK-fict-soviet",
    ]
    assert parsed.counts["not_targets"] == 1  # the relative
    assert parsed.counts["other_schemas"] == {"Address": 1, "Sanction": 1}
    assert parsed.counts["unmapped_countries"] == {"suhh": 1}
    arkady = e["NK-fict-arkady"]
    assert arkady.names == (
        Name("Arkady Petrovich Vetrogonov", NameQuality.PRIMARY),
        Name("Аркадий Петрович Ветрогонов", NameQuality.STRONG, original_script=True),
        Name("Arkadiy Vetrogonov", NameQuality.STRONG),
        Name("Arkasha", NameQuality.WEAK),
    )
    assert arkady.birth_dates == (FuzzyDate.parse("1968-07-04"), FuzzyDate.parse("1969"))
    assert arkady.nationalities == ("RU",)
    assert arkady.identifiers == (Identifier("passport", "750000001"),)
    assert arkady.programmes == ("eu_fsf", "gb_fcdo_sanctions")
    assert e["NK-fict-kestrel"].kind == EntityKind.ORGANISATION
    assert e["NK-fict-kestrel"].countries == ("AM",)
    assert e["NK-fict-gannet"].identifiers == (Identifier("imo", "9000001"),)
    assert e["NK-fict-gannet"].countries == ("CM",)
    assert e["NK-fict-soviet"].extra["birth_date_notes"] == "unknown"


FTM_LINES = FTM.read_bytes().splitlines(keepends=True)


def with_line(i: int, data: dict | bytes) -> bytes:
    lines = list(FTM_LINES)
    lines[i] = data if isinstance(data, bytes) else (json.dumps(data) + "\n").encode()
    return b"".join(lines)


@pytest.mark.parametrize(
    ("line", "data", "reason"),
    [
        (2, b'{"id": "x", "schema": "Person", "properties": {"name": ["A"]}\n', "not JSON"),
        (2, b"[1, 2]\n", "not a JSON object"),
        (2, {"schema": "Person", "properties": {"name": ["A"]}}, "no id"),
        (2, {"id": "x", "schema": 3, "properties": {}}, "is not a schema name"),
        (2, {"id": "x", "schema": "Person", "properties": {"name": "A"}}, "not a list of strings"),
        (
            2,
            {"id": "x", "schema": "Person", "properties": {"name": ["A\u0000"]}},
            "control character",
        ),
        (2, {"id": "x", "schema": "Person", "properties": {"alias": ["A"]}}, "has no name"),
        (
            2,
            {"id": "NK-fict-arkady", "schema": "Person", "properties": {"name": ["A"]}},
            "duplicate id",
        ),
        (2, "Kestrel Ä".encode("latin-1") + b"\n", "not UTF-8"),
    ],
)
def test_ftm_strictness(tmp_path, line, data, reason):
    error = refused(tmp_path, "ftm-json", with_line(line, data), name="entities.ftm.json")
    assert reason in error.reason
    assert error.position.startswith(f"line {line + 1}")


def test_ftm_cut_inside_a_line_is_refused(tmp_path):
    data = FTM.read_bytes()
    error = refused(tmp_path, "ftm-json", data[: data.index(b"NK-fict-gannet") + 30])
    assert error.position.startswith("line 3, column")


def test_ftm_empty_or_no_target_is_refused(tmp_path):
    assert "empty file" in refused(tmp_path, "ftm-json", b"").reason
    only_other = FTM_LINES[5] + FTM_LINES[7]
    assert "zero entries" in refused(tmp_path, "ftm-json", only_other).reason


# ---------------------------------------------------------------- through the list import


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "code"), [("eu-fsf-xml", "eu"), ("uk-xml", "uk"), ("ftm-json", "opensanctions")]
)
def test_the_command_imports_each_format_into_its_list(fmt, code):
    import io

    from django.core.management import call_command

    from foro.screening import selectors
    from foro.screening.engine.model import Query
    from foro.screening.models import ListVersion

    out = io.StringIO()
    call_command("lists_import", "--format", fmt, "--no-progress", str(FIXTURES[fmt]), stdout=out)
    assert f"{code}: version 1 is now current" in out.getvalue()
    version = ListVersion.objects.get(sanctions_list__code=code)
    assert version.format == fmt and version.entry_count == len(load(fmt, [FIXTURES[fmt]]).entries)
    run = selectors.screen(
        [Query("Arkady Vetrogonov", kind=EntityKind.PERSON), Query("Ann Peeters")], threshold=0.8
    )
    assert [h.list_code for h in run.results[0]][:1] == [code]
    assert run.results[1] == []
    # the same bytes again: unchanged
    out = io.StringIO()
    call_command("lists_import", "--format", fmt, "--no-progress", str(FIXTURES[fmt]), stdout=out)
    assert "unchanged" in out.getvalue() and ListVersion.objects.count() == 1
