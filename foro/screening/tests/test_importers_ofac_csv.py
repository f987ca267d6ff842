"""OFAC legacy SDN CSV importer, on the real files shipped in the repository."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from foro.screening.engine.model import EntityKind, FuzzyDate, Identifier, Name, NameQuality
from foro.screening.importers import ImportFormatError, load

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
FOLDER = LISTS / "ofac_sdn_csv_2021-07"


@pytest.fixture(scope="module")
def parsed():
    return load("ofac-csv", [FOLDER])


@pytest.fixture(scope="module")
def by_id(parsed):
    return {e.entry_id: e for e in parsed.entries}


def year(y: int) -> FuzzyDate:
    return FuzzyDate.years(y)


def day(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


# ---------------------------------------------------------------- counts (SOURCES.md)


def test_counts_match_sources(parsed):
    c = parsed.counts
    assert c["entries"] == len(parsed.entries) == 8976
    assert (c["person"], c["organisation"], c["vessel"], c["aircraft"]) == (4620, 3673, 406, 277)
    assert c["aliases"] == 11910
    assert c["alias_types"] == {"aka": 11523, "fka": 369, "nka": 18}
    assert c["addresses"] == 13837
    assert c["comments"] == 5
    assert c["files_without_eof_marker"] == []
    assert c["unparsed_birth_dates"] == 0


def test_metadata(parsed):
    assert parsed.format == "ofac-csv"
    assert parsed.published is None  # the legacy CSV states no date
    assert [f[0] for f in parsed.files] == ["add.csv", "alt.csv", "sdn.csv", "sdn_comments.csv"]
    assert all(len(f[1]) == 64 and f[2] > 0 for f in parsed.files)
    assert {f[0]: f[2] for f in parsed.files}["sdn.csv"] == (FOLDER / "sdn.csv").stat().st_size


def test_entries_keep_publisher_order(parsed):
    ids = [int(e.entry_id) for e in parsed.entries]
    assert ids[:3] == [36, 173, 306]
    assert ids == sorted(ids)  # OFAC orders sdn.csv by ent_num


def test_unmapped_countries_are_listed_not_fatal(parsed, by_id):
    unmapped = parsed.counts["unmapped_countries"]
    assert unmapped["Netherlands Antilles"] == 2
    assert unmapped["Region: Kafia Kingi"] == 6
    # every name OFAC uses for a country of address/nationality/flag maps, except those above
    assert set(unmapped) <= {
        "Netherlands Antilles",
        "Region: Kafia Kingi",
        # places in identifier parentheses, e.g. "Matricula Mercantil No 1234 (Medellin)"
        "Aburra Sur",
        "Bogota",
        "Cali",
        "Manizales",
        "Medellin",
        "Uraba",
    }
    kafia = [
        e for e in parsed.entries if "Region: Kafia Kingi" in e.extra.get("unmapped_countries", "")
    ]
    assert kafia and all("Region: Kafia Kingi" in e.extra["addresses"] for e in kafia)


# ---------------------------------------------------------------- spot checks


def test_entity_with_strong_and_weak_alias(by_id):
    e = by_id["306"]
    assert e.kind == EntityKind.ORGANISATION
    assert e.names == (
        Name("BANCO NACIONAL DE CUBA", NameQuality.PRIMARY),
        Name("NATIONAL BANK OF CUBA", NameQuality.STRONG),
        Name("BNC", NameQuality.WEAK),  # "a.k.a. 'BNC'" in the remarks: OFAC's weak a.k.a.
    )
    assert e.programmes == ("CUBA",)
    assert e.countries == ("CH", "ES", "JP", "PA")
    assert "Zweierstrasse 35, Zurich CH-8022, Switzerland" in e.extra["addresses"]


def test_individual_dob_nationality_and_ids(by_id):
    e = by_id["10467"]
    assert e.kind == EntityKind.PERSON
    assert e.primary_name == "MORA RICARDO, Daniel Alberto"  # SURNAME, Given: as published
    assert e.birth_dates == (day("1965-01-08"),)
    assert e.nationalities == ("CO",)
    assert e.countries == ("CO", "US")
    assert Identifier("national_id", "80408253", "CO") in e.identifiers
    assert Identifier("national_id", "027-68-4733", "US") in e.identifiers  # SSN
    assert e.programmes == ("SDNT",)


def test_north_korean_with_alt_dob_and_weak_alias(by_id):
    e = by_id["11648"]
    assert e.primary_name == "KIM, Tong-Myo'ng"
    assert e.nationalities == ("KP",)  # "nationality Korea, North"
    assert e.birth_dates == (year(1964), day("1962-08-28"))
    assert Identifier("passport", "290320764", "") in e.identifiers
    assert Name("KIM, JIN SOK", NameQuality.WEAK) in e.names
    assert Name("KIM, CHIN-SO'K", NameQuality.STRONG) in e.names
    assert e.extra["linked_to"] == "TANCHON COMMERCIAL BANK"


def test_circa_and_range_dobs(by_id):
    circa = by_id["7782"]
    assert circa.birth_dates == (year(1951),)
    assert circa.extra["birth_date_notes"] == "circa 1951"
    assert circa.extra["place_of_birth"] == "Foca, Bosnia-Herzegovina"
    ranged = by_id["15496"]
    assert ranged.birth_dates == (FuzzyDate.years(1929, 1930),)


def test_vessel(by_id):
    e = by_id["15036"]
    assert e.kind == EntityKind.VESSEL
    assert e.primary_name == "ARTAVIL"
    assert Name("ABADAN", NameQuality.STRONG) in e.names  # alt.csv fka
    assert Name("ALPHA", NameQuality.WEAK) in e.names  # f.k.a. in the remarks
    assert e.countries == ("IR",)  # vess_flag Iran; former flags are not current countries
    assert Identifier("imo", "9187629", "") in e.identifiers
    assert Identifier("mmsi", "572469210", "") in e.identifiers
    assert e.extra["call_sign"] == "T2EU4"
    assert e.extra["vessel_type"] == "Crude/Oil Products Tanker"
    assert e.extra["former_vessel_flag"] == "Malta; Tuvalu; None Identified; Tanzania"


def test_first_vessel_columns(by_id):
    e = by_id["4234"]
    assert e.extra == {
        "call_sign": "CL2685",
        "vessel_type": "General Cargo",
        "tonnage": "2597",
        "gross_registered_tonnage": "1098",
        "vessel_flag": "Cuba",
        "vessel_owner": "Compania Navegacion Golfo S.A.",
    }
    assert e.countries == ("CU",)


def test_aircraft(parsed):
    aircraft = [e for e in parsed.entries if e.kind == EntityKind.AIRCRAFT]
    assert len(aircraft) == 277
    e = next(a for a in aircraft if a.entry_id == "28427")
    assert e.primary_name == "YV3034"
    assert Identifier("registration", "YV3034", "") in e.identifiers  # Aircraft Tail Number
    assert e.extra["aircraft_model"] == "208"


def test_swift_and_company_number(by_id):
    e = by_id["906"]
    assert Identifier("swift", "HAVIGB2L", "") in e.identifiers
    assert Identifier("registration", "01074897", "GB") in e.identifiers
    assert e.extra["website"] == "www.havanaintbank.co.uk; www.hib.uk.com"


def test_alt_fka_is_strong(by_id):
    assert Name("CORTEZ, Oliverio Abril", NameQuality.STRONG) in by_id["4307"].names


def test_comments_continue_remarks(by_id):
    # sdn_comments.csv continues remarks cut at 1,000 characters, mid-word
    e = by_id["12300"]
    assert "Linked To: PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL" in e.remarks
    assert e.remarks.endswith("Linked To: R D I S.A.")
    assert "PROMO RAIZ S.A.S." in e.extra["linked_to"].split("; ")
    assert "R D I S.A." in e.extra["linked_to"].split("; ")
    tian = by_id["28263"]
    assert Name("snowsjohn", NameQuality.WEAK) in tian.names  # "a.k.a. 'snowsjo" + "hn'"


def test_every_entry_is_well_formed(parsed):
    for e in parsed.entries:
        assert e.names and e.names[0].quality == NameQuality.PRIMARY and e.names[0].text
        assert e.programmes
        assert all(len(c) == 2 and c.isupper() for c in e.nationalities + e.countries)
        assert all(i.value and (not i.country or len(i.country) == 2) for i in e.identifiers)
        assert all(d.earliest <= d.latest for d in e.birth_dates)


# ---------------------------------------------------------------- API behaviour


def test_same_files_same_digest_and_fingerprints(parsed):
    again = load(
        "ofac-csv",
        [FOLDER / "sdn_comments.csv", FOLDER / "add.csv", FOLDER / "alt.csv", FOLDER / "sdn.csv"],
    )
    assert again.sha256 == parsed.sha256
    assert again.files == parsed.files
    assert [e.fingerprint() for e in again.entries] == [e.fingerprint() for e in parsed.entries]


def test_sdn_csv_alone(tmp_path, parsed):
    shutil.copy(FOLDER / "sdn.csv", tmp_path / "sdn.csv")
    alone = load("ofac-csv", [tmp_path])
    assert alone.counts["entries"] == 8976
    assert alone.counts["aliases"] == 0 and alone.counts["addresses"] == 0
    assert alone.sha256 != parsed.sha256


def test_digest_changes_with_content(tmp_path, parsed):
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        shutil.copy(FOLDER / name, tmp_path / name)
    data = (tmp_path / "add.csv").read_bytes()
    (tmp_path / "add.csv").write_bytes(data.replace(b'"Havana"', b'"Havana City"', 1))
    changed = load("ofac-csv", [tmp_path])
    assert changed.sha256 != parsed.sha256
    assert changed.entries[0].fingerprint() != parsed.entries[0].fingerprint()
    assert changed.entries[1].fingerprint() == parsed.entries[1].fingerprint()


def test_progress_reports(tmp_path):
    calls = []
    load("ofac-csv", [FOLDER / "sdn.csv"], progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (8976, 8976)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def _head(rows: int) -> bytes:
    """The first rows of the real sdn.csv, with its end-of-file byte."""
    return (
        b"".join((FOLDER / "sdn.csv").read_bytes().split(b"\r\n")[i] + b"\r\n" for i in range(rows))
        + b"\x1a"
    )


def test_cp1252_text_is_read(tmp_path):
    data = _head(10).replace(b'"BOUTIQUE LA MAISON"', b'"BOUTIQUE LA MA\xcfSON"', 1)
    (tmp_path / "sdn.csv").write_bytes(data)
    parsed = load("ofac-csv", [tmp_path])
    assert parsed.entries[3].primary_name == "BOUTIQUE LA MAÏSON"


def test_utf8_text_is_read(tmp_path):
    data = _head(10).replace(b'"BOUTIQUE LA MAISON"', '"BOUTIQUE LA MAÏSON"'.encode(), 1)
    (tmp_path / "sdn.csv").write_bytes(data)
    assert load("ofac-csv", [tmp_path]).entries[3].primary_name == "BOUTIQUE LA MAÏSON"


# ---------------------------------------------------------------- refusals


def _copy(tmp_path: Path, sub: str = "ofac", **replace: bytes | None) -> Path:
    """The real folder copied to tmp_path/sub, with some files replaced (None: left out)."""
    folder = tmp_path / sub
    folder.mkdir()
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        key = name.replace(".csv", "")
        if key in replace:
            if replace[key] is not None:
                (folder / name).write_bytes(replace[key])
        else:
            shutil.copy(FOLDER / name, folder / name)
    return folder


def _refused(folder: Path, file: str) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as info:
        load("ofac-csv", [folder])
    assert info.value.file == file
    assert info.value.position.startswith("line ") or info.value.position in ("file", "end of file")
    return info.value


NL = b"\n"
SDN = (FOLDER / "sdn.csv").read_bytes()
ALT = (FOLDER / "alt.csv").read_bytes()


@pytest.mark.parametrize("fraction", [0.0003, 0.25, 0.5, 0.9, 0.99995])
def test_truncated_sdn_is_refused(tmp_path, fraction):
    cut = int(len(SDN) * fraction)
    while SDN[cut - 1 : cut + 1] == b"\r\n" or SDN[cut - 1 : cut] == b"\n":
        cut += 7  # a cut exactly at a row end would leave a shorter but well-formed file
    error = _refused(_copy(tmp_path, sdn=SDN[:cut]), "sdn.csv")
    assert int(error.position.split()[1]) >= SDN[:cut].count(b"\n") - 1


def test_truncated_alt_is_refused(tmp_path):
    cut = ALT[: len(ALT) // 3]
    error = _refused(_copy(tmp_path, alt=cut), "alt.csv")
    assert error.position == f"line {cut.count(NL) + 1}"


def test_sdn_cut_at_row_end_is_caught_by_aliases(tmp_path):
    cut = SDN.index(b"\r\n", len(SDN) // 2) + 2
    error = _refused(_copy(tmp_path, sdn=SDN[:cut], sdn_comments=None), "alt.csv")
    assert "is not in sdn.csv" in error.reason


def test_utf16_is_refused(tmp_path):
    text = SDN[:-1].decode("cp1252")
    error = _refused(_copy(tmp_path, sdn=text.encode("utf-16")), "sdn.csv")
    assert "UTF-16" in error.reason
    error = _refused(_copy(tmp_path, "le", sdn=text.encode("utf-16-le")), "sdn.csv")
    assert "NUL" in error.reason


def test_garbage_is_refused(tmp_path):
    import random

    garbage = bytes(random.Random(7).randrange(256) for _ in range(20000))
    _refused(_copy(tmp_path, sdn=garbage), "sdn.csv")


def test_garbage_in_the_middle_is_refused(tmp_path):
    middle = SDN.index(b"\r\n", len(SDN) // 2) + 2
    data = SDN[:middle] + b"\x00\x01\x02\xff\xfe" + SDN[middle:]
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == f"line {SDN[:middle].count(NL) + 1}"


def test_undefined_cp1252_byte_is_refused(tmp_path):
    data = SDN.replace(b'"BOUTIQUE LA MAISON"', b'"BOUTIQUE LA MA\x81SON"', 1)
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == "line 4"


def test_empty_file_is_refused(tmp_path):
    assert "empty" in _refused(_copy(tmp_path, sdn=b""), "sdn.csv").reason
    assert "empty" in _refused(_copy(tmp_path, "eof-only", add=b"\x1a"), "add.csv").reason


def test_eof_byte_only_at_the_very_end(tmp_path):
    data = SDN.replace(b"\r\n173,", b"\r\n\x1a173,", 1)
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == "line 2"


def test_wrong_number_of_columns(tmp_path):
    data = SDN.replace(b'\r\n424,"BOUTIQUE LA MAISON",-0- ,', b'\r\n424,"BOUTIQUE LA MAISON",', 1)
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == "line 4"
    assert "11 columns, expected 12" in error.reason


def test_non_numeric_ent_num(tmp_path):
    data = SDN.replace(b"\r\n173,", b"\r\nX173,", 1)
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == "line 2" and "not a number" in error.reason


def test_duplicate_ent_num(tmp_path):
    data = SDN.replace(b"\r\n173,", b"\r\n36,", 1)
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == "line 2" and "duplicate ent_num 36" in error.reason


def test_unknown_type(tmp_path):
    data = SDN.replace(b'"AEROCARIBBEAN AIRLINES",-0- ,', b'"AEROCARIBBEAN AIRLINES","ship",', 1)
    error = _refused(_copy(tmp_path, sdn=data), "sdn.csv")
    assert error.position == "line 1" and "'ship'" in error.reason


def test_alias_of_unknown_entry(tmp_path):
    data = ALT[:-1] + b'99999999,999999,"aka","NOBODY",-0- \r\n'  # before the final 0x1A
    error = _refused(_copy(tmp_path, alt=data), "alt.csv")
    assert error.position == f"line {ALT.count(NL) + 1}"
    assert "99999999" in error.reason


def test_address_of_unknown_entry(tmp_path):
    add = (FOLDER / "add.csv").read_bytes()
    data = add.replace(b"36,25,", b"37,25,", 1)
    error = _refused(_copy(tmp_path, add=data), "add.csv")
    assert error.position == "line 1" and "37" in error.reason


def test_missing_sdn_csv(tmp_path):
    folder = _copy(tmp_path, sdn=None)
    with pytest.raises(ImportFormatError) as info:
        load("ofac-csv", [folder])
    assert info.value.file == "sdn.csv" and "required" in info.value.reason


def test_unknown_file_name_is_refused(tmp_path):
    other = tmp_path / "names.csv"
    other.write_bytes(b"x")
    with pytest.raises(ValueError):
        load("ofac-csv", [FOLDER / "sdn.csv", other])


def test_never_returns_a_partial_list(tmp_path):
    # the one bad row is the last one: nothing before it may come back
    data = SDN[:-1].rstrip(b"\r\n") + b'\r\n99999,"BAD\r\n\x1a'
    with pytest.raises(ImportFormatError):
        load("ofac-csv", [_copy(tmp_path, sdn=data)])


def test_listed_on_is_none_and_dates_are_fuzzy(by_id):
    assert by_id["306"].listed_on is None
    assert all(isinstance(d.earliest, date) for d in by_id["12300"].birth_dates)


def test_alt_remarks_weak_marks_a_weak_alias(tmp_path):
    alt = ALT.replace(
        b'36,12,"aka","AERO-CARIBBEAN",-0- ', b'36,12,"aka","AERO-CARIBBEAN","weak a.k.a."', 1
    )
    parsed = load("ofac-csv", [_copy(tmp_path, alt=alt, add=None, sdn_comments=None)])
    assert parsed.entries[0].names[1] == Name("AERO-CARIBBEAN", NameQuality.WEAK)
    assert parsed.entries[1].names[1] == Name("AVIA IMPORT", NameQuality.STRONG)
