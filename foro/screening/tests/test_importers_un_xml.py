"""UN Security Council consolidated list importer, on the real file shipped in the repository."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from foro.screening.engine.model import EntityKind, FuzzyDate, Identifier, Name, NameQuality
from foro.screening.importers import ImportFormatError, load

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
FILE = LISTS / "un_consolidated_2026-02-27.xml"
XML = FILE.read_bytes()
NL = b"\n"


@pytest.fixture(scope="module")
def parsed():
    return load("un-xml", [FILE])


@pytest.fixture(scope="module")
def by_id(parsed):
    return {e.entry_id: e for e in parsed.entries}


def test_counts_match_sources(parsed):
    c = parsed.counts
    assert (c["person"], c["organisation"]) == (730, 273)
    assert c["entries"] == len(parsed.entries) == 1003
    assert c["aliases"] == 2752
    assert c["original_script_names"] == 378
    # one NAME_ORIGINAL_SCRIPT (QDe.164) repeats the Latin primary name: kept once, as primary
    assert sum(1 for e in parsed.entries for n in e.names if n.original_script) == 377
    assert c["weak_aliases"] == 615  # QUALITY Low
    assert c["unknown_alias_quality"] == 0
    assert c["ids_from_dataid"] == 0
    assert c["unparsed_birth_dates"] == 2  # "30-35 years old" and a Hijri date
    assert c["unmapped_countries"] == {"former Soviet Union": 1}


def test_metadata_and_order(parsed):
    assert parsed.format == "un-xml"
    assert parsed.published == date(2026, 2, 27)  # dateGenerated
    assert parsed.files[0][0] == "un_consolidated_2026-02-27.xml" and parsed.files[0][2] == len(XML)
    expected = [
        m.decode().strip() for m in re.findall(rb"<REFERENCE_NUMBER>(.*?)</REFERENCE_NUMBER>", XML)
    ]
    assert [e.entry_id for e in parsed.entries] == expected


def test_original_script_and_weak_alias(by_id):
    e = by_id["IQi.001"]
    assert e.kind == EntityKind.PERSON
    assert e.names == (
        Name("SADDAM HUSSEIN AL-TIKRITI", NameQuality.PRIMARY),
        Name("صدام حسين التكريتي", NameQuality.PRIMARY, original_script=True),
        Name("Abu Ali", NameQuality.WEAK),
    )
    assert e.primary_name == "SADDAM HUSSEIN AL-TIKRITI"
    assert e.birth_dates == (FuzzyDate.parse("1937-04-28"),)
    assert e.nationalities == ("IQ",)
    assert e.programmes == ("Iraq",)
    assert e.listed_on == date(2003, 6, 27)
    assert e.extra["place_of_birth"] == "al-Awja, near Tikrit, Iraq"


def test_good_and_low_aliases(by_id):
    e = by_id["QDi.001"]
    assert e.primary_name == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert Name("Sayf-Al Adl", NameQuality.STRONG) in e.names
    assert Name("Seif al Adel", NameQuality.WEAK) in e.names
    assert e.birth_dates == (FuzzyDate.parse("1963-04-11"), FuzzyDate.parse("1960-04-11"))
    assert e.nationalities == ("EG",)


def test_four_name_parts_addresses_designation(by_id):
    e = by_id["CDi.002"]
    assert e.primary_name == "FRANK KAKOLELE BWAMBALE"
    assert [n.quality for n in e.names[1:]] == [NameQuality.STRONG] * 3
    assert e.nationalities == ("CD",) and e.countries == ("CD",)
    assert e.listed_on == date(2005, 11, 1)
    assert e.extra["addresses"] == "Kinshasa, Democratic Republic of the Congo (as of June 2016)"
    assert e.extra["designation"] == "FARDC General"
    assert e.extra["gender"] == "Male"


def test_date_of_birth_variants(by_id):
    assert by_id["CDi.030"].birth_dates == (
        FuzzyDate.years(1973, 1974),
    )  # BETWEEN FROM_YEAR/TO_YEAR
    approx = by_id["TAi.004"]  # APPROXIMATELY YEAR and EXACT YEARs
    assert approx.birth_dates == (
        FuzzyDate.years(1966),
        FuzzyDate.years(1960),
        FuzzyDate.years(1953),
    )
    assert approx.extra["birth_date_notes"] == "approximately 1966"
    assert by_id["CDi.004"].birth_dates == (FuzzyDate.parse("1973-11"),)  # NOTE "Nov. 1973" only
    between = FuzzyDate(date(1977, 8, 1), date(1977, 9, 30))  # NOTE "Between Aug. and Sep. 1977"
    assert between in by_id["QDi.306"].birth_dates
    assert by_id["QDi.395"].birth_dates == (FuzzyDate.parse("1958-09"),)  # YEAR 1958 + NOTE "Sep."


def test_original_script_same_as_primary_is_kept_once(by_id):
    assert by_id["QDe.164"].names[0] == Name("JAMAAH ANSHARUT DAULAH", NameQuality.PRIMARY)
    assert sum(1 for n in by_id["QDe.164"].names if n.text == "JAMAAH ANSHARUT DAULAH") == 1


def test_documents(by_id):
    assert by_id["CDi.021"].identifiers == (Identifier("passport", "OB 0243318", "CD"),)
    e = by_id["QDi.290"]
    assert e.identifiers == (Identifier("passport", "96 03 464086", "RU"),)
    assert e.names[1] == Name("Умаров Доку Хаматович", NameQuality.PRIMARY, original_script=True)
    assert e.extra["documents"] == "Passport 96 03 464086 (Russian Federation) issued 2003-06-01"
    sd = by_id["SDi.001"]
    assert sd.identifiers == (Identifier("national_id", "4302", ""),)
    assert sd.nationalities == ()  # NATIONALITY "na": not available, and not Namibia


def test_entity_aliases(by_id):
    e = by_id["QDe.004"]
    assert e.kind == EntityKind.ORGANISATION
    assert e.names[:2] == (Name("AL-QAIDA"), Name("القاعدة", original_script=True))
    assert Name("Al Qaeda", NameQuality.STRONG) in e.names  # QUALITY a.k.a.
    assert all(n.quality != NameQuality.WEAK for n in e.names)
    adf = by_id["CDe.001"]
    assert adf.countries == ("CD",)
    assert Name("Allied Democratic Forces", NameQuality.STRONG) in adf.names


def test_same_file_same_digest_and_fingerprints(parsed, tmp_path):
    shutil.copy(FILE, tmp_path / "list.xml")
    again = load("un-xml", [tmp_path / "list.xml"])
    assert [e.fingerprint() for e in again.entries] == [e.fingerprint() for e in parsed.entries]
    assert again.files[0][1:] == parsed.files[0][1:]
    assert again.sha256 != parsed.sha256  # the digest covers the file name too


# ---------------------------------------------------------------- refusals and fallbacks


def _load(tmp_path: Path, data: bytes):
    path = tmp_path / "un.xml"
    path.write_bytes(data)
    return load("un-xml", [path])


def _refused(tmp_path: Path, data: bytes) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as info:
        _load(tmp_path, data)
    assert info.value.file == "un.xml"
    assert info.value.position.startswith(("line ", "end of file"))
    return info.value


@pytest.mark.parametrize("fraction", [0.0001, 0.1, 0.5, 0.9, 0.99999])
def test_truncated_is_refused(tmp_path, fraction):
    cut = XML[: int(len(XML) * fraction)]
    error = _refused(tmp_path, cut)
    assert abs(int(re.match(r"line (\d+)", error.position).group(1)) - (cut.count(b"\n") + 1)) <= 2


def test_truncated_inside_an_entity(tmp_path):
    cut = XML[: XML.index(b"<REFERENCE_NUMBER>CDe.001<") + 10]
    assert "inside <ENTITY> #1" in _refused(tmp_path, cut).position


def test_wrong_schema_is_refused(tmp_path):
    error = _refused(
        tmp_path, (LISTS / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml").read_bytes()
    )
    assert "<sdnList>" in error.reason


def test_duplicate_reference_number(tmp_path):
    error = _refused(
        tmp_path, XML.replace(b"<REFERENCE_NUMBER>CDi.002<", b"<REFERENCE_NUMBER>CDi.001<", 1)
    )
    assert "duplicate entry id CDi.001" in error.reason and "INDIVIDUAL #2" in error.position


def test_invalid_utf8_is_refused(tmp_path):
    data = XML.replace(b"<FIRST_NAME>ERIC</FIRST_NAME>", b"<FIRST_NAME>\xc9RIC</FIRST_NAME>", 1)
    error = _refused(tmp_path, data)
    assert error.position.startswith(f"line {XML[: XML.index(b'<FIRST_NAME>ERIC')].count(NL) + 1}")


def test_empty_and_zero_entries(tmp_path):
    assert "empty" in _refused(tmp_path, b"").reason
    zero = b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>'
    assert "zero entries" in _refused(tmp_path, zero).reason


def test_dataid_fallback_is_marked(tmp_path):
    parsed = _load(tmp_path, XML.replace(b"<REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>", b"", 1))
    first = parsed.entries[0]
    assert first.entry_id == "6907993"
    assert first.extra["entry_id_source"] == "DATAID (no REFERENCE_NUMBER)"
    assert parsed.counts["ids_from_dataid"] == 1


def test_unknown_alias_quality_is_weak_and_counted(tmp_path):
    data = XML.replace(
        b"<QUALITY>Good</QUALITY>\n        <ALIAS_NAME>FRANK KAKORERE</ALIAS_NAME>",
        b"<QUALITY>Very Low</QUALITY>\n        <ALIAS_NAME>FRANK KAKORERE</ALIAS_NAME>",
        1,
    )
    data = data.replace(
        b"<QUALITY>Good</QUALITY>\n        <ALIAS_NAME>AIGLE BLANC",
        b"<QUALITY>Medium</QUALITY>\n        <ALIAS_NAME>AIGLE BLANC",
        1,
    )
    parsed = _load(tmp_path, data)
    e = next(x for x in parsed.entries if x.entry_id == "CDi.002")
    assert Name("FRANK KAKORERE", NameQuality.WEAK) in e.names
    assert Name("AIGLE BLANC", NameQuality.WEAK) in e.names
    assert parsed.counts["unknown_alias_quality"] == 1
