"""The OFAC remarks parser, the date parser and the country mapping (no files needed)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foro.screening.engine.model import FuzzyDate
from foro.screening.importers.countries import CountryMapper, country_code, is_iso2, is_placeholder
from foro.screening.importers.ofac_remarks import classify_label, parse_date, parse_remarks


def fd(a: str, b: str | None = None) -> FuzzyDate:
    return FuzzyDate(date.fromisoformat(a), date.fromisoformat(b or a))


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected", "approximate"),
    [
        ("12 Jan 1965", fd("1965-01-12"), False),
        ("02 Feb 1965", fd("1965-02-02"), False),
        ("1965", fd("1965-01-01", "1965-12-31"), False),
        ("circa 1965", fd("1965-01-01", "1965-12-31"), True),
        ("Circa 01 Jan 1961", fd("1961-01-01"), True),
        ("1960 to 1962", fd("1960-01-01", "1962-12-31"), False),
        ("Jan 1965", fd("1965-01-01", "1965-01-31"), False),
        ("Feb 1960", fd("1960-02-01", "1960-02-29"), False),
        ("01 Jan 1961 to 31 Dec 1962", fd("1961-01-01", "1962-12-31"), False),
        ("26 Sep 1946 to 07 Dec 1946", fd("1946-09-26", "1946-12-07"), False),
        ("Mar 1962 to Feb 1963", fd("1962-03-01", "1963-02-28"), False),
        ("circa 1979-1982", fd("1979-01-01", "1982-12-31"), True),
        ("1965-03-01", fd("1965-03-01"), False),
        ("Nov. 1973", fd("1973-11-01", "1973-11-30"), False),
        ("August 1961", fd("1961-08-01", "1961-08-31"), False),
        ("Between Aug. and Sep. 1977", fd("1977-08-01", "1977-09-30"), False),
        ("approximately 1966", fd("1966-01-01", "1966-12-31"), True),
    ],
)
def test_parse_date_formats(text, expected, approximate):
    parsed = parse_date(text)
    assert parsed is not None
    assert parsed.date == expected
    assert parsed.approximate is approximate


@pytest.mark.parametrize(
    "text",
    [
        "",
        "unknown",
        "31 Feb 1960",  # no such day
        "1962 to 1960",  # range ends before it starts
        "24/06/1402 (Hijri Calendar)",
        "24/06/1402",  # Hijri year, and numeric day/month order is ambiguous
        "03/04/1970",
        "30-35 years old",
        "1962 or 1963",
        "Jan",
        "0001",
    ],
)
def test_parse_date_refuses_what_it_cannot_read(text):
    assert parse_date(text) is None


@given(st.text(max_size=60))
@settings(max_examples=400, deadline=None)
def test_parse_date_never_raises(text):
    result = parse_date(text)
    if result is not None:
        assert result.date.earliest <= result.date.latest


# ---------------------------------------------------------------- remarks

REAL = (
    "DOB 13 May 1965; alt. DOB 13 Apr 1968; alt. DOB circa 1964; POB Medellin, Colombia; "
    "nationality Korea, North; citizen Iran; Cedula No. 7548733 (Colombia); "
    "Passport E590976 (Tunisia) issued 19 Jun 1987 expires 18 Jun 1992; "
    "alt. Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011; "
    "National ID No. 660000 73767 (Belgium); Tax ID No. 100036386 (Serbia); "
    "Registration Number HRA 738077 (Stuttgart) (Germany); Vessel Registration Identification IMO 9187629; "
    "MMSI 572469210; SWIFT/BIC HAVIGB2L; Citizen's Card Number 211226197812154256 (China); "
    "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; Gender Male; "
    "Website www.example.ir; Linked To: RED MUNDIAL INMOBILIARIA, S.A. DE C.V.; "
    "Scientific Studies and Research Center Employee; "
    "a.k.a. 'AL-QA'IDA'; f.k.a. 'OLD NAME'; a.k.a. 'ABU-'UMAR'; Linked To: R D I S.A."
)


def test_parse_remarks_real_clauses():
    r = parse_remarks(REAL)
    assert r.birth_dates == [fd("1965-05-13"), fd("1968-04-13"), fd("1964-01-01", "1964-12-31")]
    assert r.birth_date_notes == ["circa 1964"]
    assert r.places_of_birth == ["Medellin, Colombia"]
    assert r.nationalities == ["Korea, North"]
    assert r.citizenships == ["Iran"]  # "Citizen's Card Number" is an identifier, not a citizenship
    ids = {(i.kind, i.value, i.country) for i in r.identifiers}
    assert ("national_id", "7548733", "Colombia") in ids
    assert ("passport", "E590976", "Tunisia") in ids
    assert ("passport", "G 649385", "") in ids
    assert ("national_id", "660000 73767", "Belgium") in ids
    assert ("tax_id", "100036386", "Serbia") in ids
    assert ("registration", "HRA 738077 (Stuttgart)", "Germany") in ids
    assert ("imo", "9187629", "") in ids
    assert ("mmsi", "572469210", "") in ids
    assert ("swift", "HAVIGB2L", "") in ids
    assert ("national_id", "211226197812154256", "China") in ids
    assert ("other", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", "") in ids
    passport = next(i for i in r.identifiers if i.value == "E590976")
    assert (passport.issued, passport.expires) == ("19 Jun 1987", "18 Jun 1992")
    assert r.info["gender"] == ["Male"]
    assert r.info["website"] == ["www.example.ir"]
    # the final "." of the remarks is dropped, except after an abbreviation
    assert r.linked_to == ["RED MUNDIAL INMOBILIARIA, S.A. DE C.V.", "R D I S.A."]
    assert r.aliases == [("a.k.a.", "AL-QA'IDA"), ("f.k.a.", "OLD NAME"), ("a.k.a.", "ABU-'UMAR")]
    assert r.other == ["Scientific Studies and Research Center Employee"]


def test_parse_remarks_trailing_period_and_quotes():
    r = parse_remarks("a.k.a. 'BNC'.")
    assert r.aliases == [("a.k.a.", "BNC")]
    r = parse_remarks("DOB 1946; nationality Iran.")
    assert r.nationalities == ["Iran"]
    assert r.birth_dates == [fd("1946-01-01", "1946-12-31")]


def test_parse_remarks_unparsed_dob_is_kept():
    r = parse_remarks("DOB 31 Feb 1960; alt. DOB 1961")
    assert r.birth_dates == [fd("1961-01-01", "1961-12-31")]
    assert r.unparsed_birth_dates == ["31 Feb 1960"]


def test_parse_remarks_passport_with_country_after_comma():
    r = parse_remarks("Passport No.: 0310857, Eritrea, Issue Date 21 August 2006")
    assert [(i.kind, i.value, i.country) for i in r.identifiers] == [
        ("passport", "0310857", "Eritrea")
    ]


def test_parse_remarks_empty_values():
    assert parse_remarks(None).identifiers == []
    assert parse_remarks("").aliases == []
    assert parse_remarks("   ;  ; ").other == []


def test_classify_label_for_xml_id_types():
    assert classify_label("Passport") == ("id", "passport")
    assert classify_label("Tax ID No.") == ("id", "tax_id")
    assert classify_label("SWIFT/BIC") == ("id", "swift")
    assert classify_label("Vessel Registration Identification") == ("id", "registration")
    assert classify_label("Unified Social Credit Code (USCC)") == ("id", "registration")
    assert classify_label("Website") == ("info", "website")
    assert classify_label("Secondary sanctions risk:") == ("info", "secondary_sanctions_risk")
    assert classify_label("Executive Order 13662 Directive Determination -") == (
        "info",
        "directive",
    )
    assert classify_label("Listing Date (CMIC)") is None


CLAUSES = st.sampled_from(
    [
        "DOB ",
        "alt. DOB ",
        "DOB circa ",
        "POB ",
        "nationality ",
        "citizen ",
        "Passport ",
        "National ID No. ",
        "a.k.a. '",
        "f.k.a. ",
        "Linked To: ",
        "Gender ",
        "Registration Number ",
        "IMO ",
        "Vessel Registration Identification IMO ",
        "Digital Currency Address - ",
        "",
    ]
)


@given(
    st.lists(st.tuples(CLAUSES, st.text(max_size=40)), max_size=8),
    st.sampled_from(["", ".", "'.", ";"]),
)
@settings(max_examples=400, deadline=None)
def test_parse_remarks_never_raises_on_remark_like_text(parts, end):
    text = "; ".join(a + b for a, b in parts) + end
    r = parse_remarks(text)
    for d in r.birth_dates:
        assert d.earliest <= d.latest
    for ident in r.identifiers:
        assert ident.value


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_parse_remarks_never_raises(text):
    parse_remarks(text)


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Korea, North", "KP"),
        ("Korea, South", "KR"),
        ("Burma", "MM"),
        ("Iran", "IR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("Congo, Republic of the", "CG"),
        ("Palestinian", "PS"),
        ("West Bank", "PS"),
        ("Region: Gaza", "PS"),
        ("State of Palestine", "PS"),
        ("Kosovo", "XK"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Democratic People's Republic of Korea", "KP"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Virgin Islands, British", "VG"),
        ("Cote d Ivoire", "CI"),
        ("The Gambia", "GM"),
        ("Germany", "DE"),
        ("germany", "DE"),
        ("Namibia", "NA"),
        ("possibly Palestinian", "PS"),
    ],
)
def test_country_names(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize(
    "name",
    ["former Soviet Union", "Netherlands Antilles", "Region: Kafia Kingi", "Medellin", "Atlantis"],
)
def test_country_names_not_mapped(name):
    assert country_code(name) is None
    assert not is_placeholder(name)


@pytest.mark.parametrize("name", ["na", "NA", "None Identified", "undetermined", "", "-0-"])
def test_placeholders_are_not_countries(name):
    # "na" (UN: not available) must never become Namibia
    assert country_code(name) is None
    assert is_placeholder(name)


def test_country_mapper_lists_unmapped():
    mapper = CountryMapper()
    here: list[str] = []
    assert mapper.map("Iran", here) == "IR"
    assert mapper.map("Atlantis", here) is None
    assert mapper.map("Atlantis", here) is None
    assert mapper.map("na", here) is None
    assert here == ["Atlantis"]
    assert mapper.summary() == {"Atlantis": 2}


def test_is_iso2():
    assert is_iso2("BE") and is_iso2("XK")
    assert not is_iso2("be") and not is_iso2("XX") and not is_iso2("BEL") and not is_iso2("")
