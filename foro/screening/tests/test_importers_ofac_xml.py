"""OFAC XML importer, on the real non-SDN consolidated file shipped in the repository."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from foro.screening.engine.model import EntityKind, FuzzyDate, Identifier, Name, NameQuality
from foro.screening.importers import ImportFormatError, load

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
FILE = LISTS / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml"
XML = FILE.read_bytes()


@pytest.fixture(scope="module")
def parsed():
    return load("ofac-xml", [FILE])


@pytest.fixture(scope="module")
def by_id(parsed):
    return {e.entry_id: e for e in parsed.entries}


def test_counts_match_sources(parsed):
    c = parsed.counts
    assert c["entries"] == len(parsed.entries) == 443 == c["record_count"]
    assert c["aliases"] == 1136
    assert c["weak_aliases"] == 70
    assert (c["person"], c["organisation"], c["vessel"], c["aircraft"]) == (80, 363, 0, 0)
    assert c["addresses"] == 520
    assert c["birth_dates"] == 75
    assert c["unmapped_countries"] == {}
    assert sum(1 for e in parsed.entries for n in e.names if n.quality == NameQuality.WEAK) == 70


def test_metadata(parsed):
    assert parsed.format == "ofac-xml"
    assert parsed.published == date(2025, 6, 30)
    assert parsed.files == [("consolidated.xml", parsed.files[0][1], len(XML))]
    assert (
        parsed.entries[0].entry_id == "9639"
        and parsed.entries[-1].entry_id
        == re.findall(rb"<uid>(\d+)</uid>\s*<(?:firstName|lastName)", XML)[-1].decode()
    )


def test_individual(by_id):
    e = by_id["9639"]
    assert e.kind == EntityKind.PERSON
    assert e.names == (
        Name("HANIYA, Ismail Abdul Salah", NameQuality.PRIMARY),
        Name("HANIYA, Ismail", NameQuality.STRONG),
        Name("HANIYYA, Ismaeel", NameQuality.STRONG),
    )
    assert e.birth_dates == (FuzzyDate.years(1962),)
    assert e.extra["place_of_birth"] == "Shati"
    assert e.programmes == ("NS-PLC",)


def test_weak_akas_nationality_and_region(by_id):
    e = by_id["9647"]
    assert Name("AL ZAHAR, Mahmoud Khaled", NameQuality.STRONG) in e.names
    assert Name("ZAHAR, Mahmoud", NameQuality.WEAK) in e.names
    assert Name("AL-ZAHAR, Mahmoud", NameQuality.WEAK) in e.names
    assert e.nationalities == ("PS",)  # "Palestinian"
    assert e.countries == ("PS",)  # address country "Region: Gaza"
    assert e.programmes == ("NS-PLC", "SDGT")
    assert e.extra["gender"] == "Male"  # idType Gender is not an identifier


def test_exact_dob_passport(by_id):
    e = by_id["26182"]
    assert e.birth_dates == (FuzzyDate.parse("1980-02-08"),)
    assert e.nationalities == ("TR",)
    assert e.identifiers == (Identifier("passport", "U00242309", "TR"),)


def test_entity_identifiers_and_info(by_id):
    e = by_id["23552"]
    assert e.kind == EntityKind.ORGANISATION
    assert Identifier("registration", "1057803105755", "RU") in e.identifiers
    assert Identifier("tax_id", "7810327462", "RU") in e.identifiers
    assert e.countries == ("RU",)
    assert e.extra["email"] == "lgnch@lgnch.spb.ru"
    assert e.extra["directive"] == "Subject to Directive 4"
    assert e.programmes == ("UKRAINE-EO13662", "RUSSIA-EO14024")
    assert "(Linked To: SURGUTNEFTEGAS)" in e.remarks
    assert by_id["15268"].identifiers == (Identifier("swift", "CKLBCNBJ", ""),)


def test_dates_in_id_list_are_not_identifiers(by_id):
    e = by_id["33114"]
    assert e.identifiers == (Identifier("registration", "2162198", "HK"),)
    assert e.extra["listing_date_cmic"] == "10 Dec 2021"


def test_same_file_same_digest_and_fingerprints(parsed, tmp_path):
    copy = tmp_path / "consolidated.xml"
    shutil.copy(FILE, copy)
    again = load("ofac-xml", [copy])
    assert again.sha256 == parsed.sha256
    assert [e.fingerprint() for e in again.entries] == [e.fingerprint() for e in parsed.entries]


def test_progress(tmp_path):
    calls = []
    load("ofac-xml", [FILE], progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (443, 443)


# ---------------------------------------------------------------- refusals


def _refused(tmp_path: Path, data: bytes, fmt: str = "ofac-xml") -> ImportFormatError:
    path = tmp_path / "consolidated.xml"
    path.write_bytes(data)
    with pytest.raises(ImportFormatError) as info:
        load(fmt, [path])
    assert info.value.file == "consolidated.xml"
    return info.value


@pytest.mark.parametrize("fraction", [0.00005, 0.001, 0.3, 0.5, 0.77, 0.99999])
def test_truncated_is_refused(tmp_path, fraction):
    cut = XML[: int(len(XML) * fraction)]
    error = _refused(tmp_path, cut)
    m = re.match(r"line (\d+)", error.position)
    assert m, error.position
    assert abs(int(m.group(1)) - (cut.count(b"\n") + 1)) <= 2
    assert "truncated" in error.reason


def test_truncated_inside_an_entry_names_it(tmp_path):
    cut = XML[: XML.index(b"<uid>9641</uid>") + 40]
    error = _refused(tmp_path, cut)
    assert "inside <sdnEntry> #3" in error.position


def test_cut_between_entries_is_caught_by_record_count(tmp_path):
    start = XML.index(b"  <sdnEntry>", XML.index(b"<uid>9641</uid>"))
    end = XML.index(b"</sdnEntry>", start) + len(b"</sdnEntry>\n")
    error = _refused(tmp_path, XML[:start] + XML[end:])
    assert "Record_Count says 443" in error.reason and "442" in error.reason


def test_wrong_schema_is_refused(tmp_path):
    un = (LISTS / "un_consolidated_2026-02-27.xml").read_bytes()
    error = _refused(tmp_path, un)
    assert error.position.startswith("line 2") and "<CONSOLIDATED_LIST>" in error.reason


def test_duplicate_uid_is_refused(tmp_path):
    data = XML.replace(b"<uid>9640</uid>", b"<uid>9639</uid>", 1)
    error = _refused(tmp_path, data)
    assert "duplicate uid 9639" in error.reason and "sdnEntry #2" in error.position


def test_non_numeric_uid_is_refused(tmp_path):
    error = _refused(tmp_path, XML.replace(b"<uid>9640</uid>", b"<uid>96A0</uid>", 1))
    assert "sdnEntry #2" in error.position


def test_unknown_sdn_type_is_refused(tmp_path):
    error = _refused(
        tmp_path, XML.replace(b"<sdnType>Individual</sdnType>", b"<sdnType>Person</sdnType>", 1)
    )
    assert "'Person'" in error.reason and "sdnEntry #1" in error.position


def test_wrong_encoding_is_refused(tmp_path):
    data = XML.replace(
        b"<lastName>HANIYA</lastName>", b"<lastName>HAN\xcdYA</lastName>", 1
    )  # latin-1 in UTF-8
    error = _refused(tmp_path, data)
    assert error.position.startswith("line ")


def test_garbage_and_empty_are_refused(tmp_path):
    import random

    assert "empty" in _refused(tmp_path, b"").reason
    _refused(tmp_path, bytes(random.Random(3).randrange(256) for _ in range(5000)))


def test_utf16_xml_is_decoded_not_mojibake(parsed, tmp_path):
    # XML carries its encoding (BOM / first bytes): a UTF-16 copy is the same list, read correctly
    path = tmp_path / "consolidated.xml"
    path.write_bytes(XML.decode().encode("utf-16"))
    again = load("ofac-xml", [path])
    assert [e.fingerprint() for e in again.entries] == [e.fingerprint() for e in parsed.entries]
    assert again.sha256 != parsed.sha256  # different bytes


def test_zero_entries_is_refused(tmp_path):
    head = XML[: XML.index(b"  <sdnEntry>")].replace(b"<Record_Count>443", b"<Record_Count>0")
    error = _refused(tmp_path, head + b"</sdnList>\n")
    assert "zero entries" in error.reason
