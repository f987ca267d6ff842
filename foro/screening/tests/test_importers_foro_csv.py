"""The department's own list format (docs/lists-foro-csv.md)."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foro.screening.engine.model import EntityKind, Entry, FuzzyDate, Identifier, Name, NameQuality
from foro.screening.importers import ImportFormatError, load
from foro.screening.importers.foro_csv import COLUMNS, IDENTIFIER_KINDS, dumps

FIXTURE = Path(__file__).resolve().parent / "data" / "foro_watchlist.csv"
HEADER = "id,name,type\n"
MAX_EXAMPLES = 60


def _write(tmp_path: Path, text: str | bytes, name: str = "watch.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def _refused(tmp_path: Path, text: str | bytes) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as info:
        load("foro-csv", [_write(tmp_path, text)])
    assert info.value.file == "watch.csv"
    return info.value


def test_fixture():
    parsed = load("foro-csv", [FIXTURE])
    assert parsed.format == "foro-csv" and parsed.published is None
    assert parsed.counts["entries"] == 4
    assert (parsed.counts["person"], parsed.counts["organisation"], parsed.counts["vessel"]) == (
        1,
        2,
        1,
    )
    petrov, acme, ship, mueller = parsed.entries
    assert petrov == Entry(
        entry_id="FD-2019-001",
        kind=EntityKind.PERSON,
        names=(
            Name("PETROV, Ivan Sergeyevich", NameQuality.PRIMARY),
            Name("Ivan PETROFF", NameQuality.STRONG),
            Name("I. S. PETROV", NameQuality.STRONG),
            Name("Vanya", NameQuality.WEAK),
        ),
        birth_dates=(FuzzyDate.parse("1965-03-12"), FuzzyDate.years(1966)),
        nationalities=("RU",),
        countries=("RU", "CY"),
        identifiers=(
            Identifier("passport", "7512345678", "RU"),
            Identifier("national_id", "12345", ""),
        ),
        programmes=("Denial 2019", "Watch"),
        listed_on=date(2019, 6, 3),
        remarks="Broker for ML4 components; denied 2019 (licence 2019/0456).",
    )
    assert ship.kind == EntityKind.VESSEL and ship.identifiers == (
        Identifier("imo", "9187629", ""),
    )
    assert acme.listed_on == date(2020, 1, 15) and acme.remarks == ""
    assert mueller.primary_name == "Müller Präzisionstechnik GmbH" and mueller.countries == (
        "DE",
        "XK",
    )


def test_minimal_file_and_bom_and_crlf(tmp_path):
    parsed = load(
        "foro-csv", [_write(tmp_path, "\ufeffID,Name,Type\r\nX1,Some Body,person\r\n\r\n")]
    )
    assert [(e.entry_id, e.primary_name, e.kind) for e in parsed.entries] == [
        ("X1", "Some Body", EntityKind.PERSON)
    ]


def test_fixture_round_trip(tmp_path):
    first = load("foro-csv", [FIXTURE])
    again = load("foro-csv", [_write(tmp_path, dumps(first.entries))])
    assert [e.fingerprint() for e in again.entries] == [e.fingerprint() for e in first.entries]


# ---------------------------------------------------------------- round trip (hypothesis)

TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters=";"
        ),
        min_size=1,
        max_size=20,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
CODES = st.sampled_from(["BE", "NL", "DE", "RU", "IR", "KP", "XK", "US", "CN", "AE"])
IDENT = st.builds(
    Identifier,
    kind=st.sampled_from([k for k in IDENTIFIER_KINDS if k != "imo"]),
    value=st.text(alphabet=string.ascii_uppercase + string.digits + "-/. ", min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool),
    country=st.one_of(st.just(""), CODES),
) | st.builds(
    Identifier, kind=st.just("imo"), value=st.from_regex(r"\A\d{7}\Z"), country=st.just("")
)
DATES = st.one_of(
    st.integers(1900, 2010).map(FuzzyDate.years),
    st.dates(date(1900, 1, 1), date(2010, 12, 31)).map(lambda d: FuzzyDate(d, d)),
    st.tuples(st.integers(1900, 2000), st.integers(0, 5)).map(
        lambda t: FuzzyDate.years(t[0], t[0] + t[1])
    ),
)


@st.composite
def entries(draw):
    out = []
    for i, primary in enumerate(draw(st.lists(TEXT, min_size=1, max_size=5))):
        aliases = [a for a in draw(st.lists(TEXT, max_size=3, unique=True)) if a != primary]
        weak = [
            w
            for w in draw(st.lists(TEXT, max_size=2, unique=True))
            if w != primary and w not in aliases
        ]
        out.append(
            Entry(
                entry_id=f"E-{i}",
                kind=draw(st.sampled_from(list(EntityKind))),
                names=(
                    Name(primary),
                    *(Name(a, NameQuality.STRONG) for a in aliases),
                    *(Name(w, NameQuality.WEAK) for w in weak),
                ),
                birth_dates=tuple(dict.fromkeys(draw(st.lists(DATES, max_size=3)))),
                nationalities=tuple(dict.fromkeys(draw(st.lists(CODES, max_size=2)))),
                countries=tuple(dict.fromkeys(draw(st.lists(CODES, max_size=3)))),
                identifiers=tuple(dict.fromkeys(draw(st.lists(IDENT, max_size=3)))),
                programmes=tuple(dict.fromkeys(draw(st.lists(TEXT, max_size=2)))),
                listed_on=draw(st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 1, 1)))),
                # values are trimmed on reading, so remarks are generated trimmed
                remarks=draw(
                    st.text(
                        alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40
                    ).map(str.strip)
                ),
            )
        )
    return out


@given(entries())
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_round_trip_any_entries(tmp_path, original):
    parsed = load("foro-csv", [_write(tmp_path, dumps(original))])
    assert parsed.entries == original


# ---------------------------------------------------------------- refusals


def test_missing_required_column(tmp_path):
    error = _refused(tmp_path, "id,name\nX1,Some Body\n")
    assert error.position == "line 1" and "type" in error.reason


def test_unknown_column(tmp_path):
    error = _refused(tmp_path, "id,name,type,alias\nX1,Some Body,person,Y\n")
    assert error.position == "line 1" and "'alias'" in error.reason


def test_semicolon_separated_file_gets_a_hint(tmp_path):
    assert "commas" in _refused(tmp_path, "id;name;type\nX1;Some Body;person\n").reason


def test_repeated_column(tmp_path):
    assert "twice" in _refused(tmp_path, "id,name,type,name\nX1,A,person,B\n").reason


def test_duplicate_id(tmp_path):
    error = _refused(tmp_path, HEADER + "X1,A,person\nX2,B,person\nX1,C,organisation\n")
    assert error.position == "line 4, column id" and "first on line 2" in error.reason


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("X1,A,person,,,,,ZZ", "countries", "'ZZ'"),
        ("X1,A,person,,,,XX,", "nationalities", "'XX'"),
        ("X1,A,person,,,,,BEL", "countries", "'BEL'"),
        ("X1,A,person,,,1965-13-01,,", "birth_dates", "1965-13-01"),
        ("X1,A,person,,,12/01/1965,,", "birth_dates", "12/01/1965"),
        ("X1,A,person,,,1970..1960,,", "birth_dates", "1970..1960"),
        ("X1,A,persn,,,,,", "type", "'persn'"),
        (",A,person,,,,,", "id", "empty id"),
        ("X1,,person,,,,,", "name", "empty name"),
    ],
)
def test_bad_values(tmp_path, row, column, reason):
    text = (
        "id,name,type,aliases,weak_aliases,birth_dates,nationalities,countries\nX0,OK,person,,,,,\n"
        + row
        + "\n"
    )
    error = _refused(tmp_path, text)
    assert error.position == f"line 3, column {column}"
    assert reason in error.reason


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("passport", "kind:value"),
        ("licence:123", "unknown identifier kind"),
        ("passport:123:ZZ", "'ZZ'"),
        ("imo:123456", "7 digits"),
        ("passport:1:BE:x", "kind:value"),
    ],
)
def test_bad_identifiers(tmp_path, value, reason):
    error = _refused(tmp_path, f"id,name,type,identifiers\nX1,A,person,{value}\n")
    assert error.position == "line 2, column identifiers" and reason in error.reason


def test_bad_listed_on(tmp_path):
    assert (
        _refused(tmp_path, "id,name,type,listed_on\nX1,A,person,3 May 2020\n").position
        == "line 2, column listed_on"
    )


def test_wrong_number_of_values(tmp_path):
    error = _refused(tmp_path, HEADER + "X1,A,person\nX2,B,person,extra\n")
    assert error.position == "line 3"


def test_encodings(tmp_path):
    latin1 = (HEADER + "X1,Müller,organisation\n").encode("latin-1")
    assert "UTF-8" in _refused(tmp_path, latin1).reason
    assert "UTF-16" in _refused(tmp_path, (HEADER + "X1,A,person\n").encode("utf-16")).reason
    assert _refused(tmp_path, b"\x00\x01garbage\xff").position == "line 1"


def test_empty_and_header_only(tmp_path):
    assert "empty" in _refused(tmp_path, "").reason
    assert "zero" in _refused(tmp_path, ",".join(COLUMNS) + "\n").reason


def test_unclosed_quote(tmp_path):
    error = _refused(tmp_path, HEADER + 'X1,"A,person\n')
    assert error.position == "line 2"
