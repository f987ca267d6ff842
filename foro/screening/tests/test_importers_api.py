"""The public API of foro.screening.importers: load(), FORMATS, ParsedList, ImportFormatError."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from foro.screening.engine.model import Entry
from foro.screening.importers import FORMATS, ImportFormatError, ParsedList, combined_sha256, load

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
OFAC_XML = LISTS / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml"
UN_XML = LISTS / "un_consolidated_2026-02-27.xml"
FORO_CSV = Path(__file__).resolve().parent / "data" / "foro_watchlist.csv"


def test_formats():
    assert FORMATS == (
        "ofac-csv",
        "ofac-xml",
        "un-xml",
        "foro-csv",
        "eu-fsf-xml",
        "uk-xml",
        "ftm-json",
    )


@pytest.mark.parametrize(
    ("fmt", "path"),
    [
        ("ofac-xml", OFAC_XML),
        ("un-xml", UN_XML),
        ("foro-csv", FORO_CSV),
        ("eu-fsf-xml", FORO_CSV.parent / "eu_fsf_sample.xml"),
        ("uk-xml", FORO_CSV.parent / "uk_sanctions_list_sample.xml"),
        ("ftm-json", FORO_CSV.parent / "opensanctions_sample.ftm.json"),
    ],
)
def test_parsed_list_shape(fmt, path):
    calls = []
    parsed = load(fmt, [str(path)], progress=lambda done, total: calls.append((done, total)))
    assert isinstance(parsed, ParsedList)
    assert parsed.format == fmt
    assert parsed.entries and all(isinstance(e, Entry) for e in parsed.entries)
    assert parsed.files == [(path.name, parsed.files[0][1], path.stat().st_size)]
    assert parsed.sha256 == combined_sha256(parsed.files) and len(parsed.sha256) == 64
    assert parsed.published is None or isinstance(parsed.published, date)
    assert parsed.counts["entries"] == len(parsed.entries)
    assert isinstance(parsed.counts["unmapped_countries"], dict)
    assert calls and calls[-1] == (len(parsed.entries), len(parsed.entries))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    ids = [e.entry_id for e in parsed.entries]
    assert len(ids) == len(set(ids))


def test_combined_digest_is_order_independent():
    a = [("sdn.csv", "a" * 64, 1), ("alt.csv", "b" * 64, 2)]
    assert combined_sha256(a) == combined_sha256(list(reversed(a)))
    assert combined_sha256(a) != combined_sha256(
        [("sdn.csv", "a" * 64, 1), ("alt.csv", "c" * 64, 2)]
    )


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        load("eu-xml", [UN_XML])
    with pytest.raises(ValueError):
        load("un-xml", [])
    with pytest.raises(ValueError):
        load("un-xml", [UN_XML, OFAC_XML])
    with pytest.raises(ImportFormatError) as info:
        load("un-xml", [tmp_path / "missing.xml"])
    assert info.value.file == "missing.xml"


def test_import_format_error_is_readable():
    error = ImportFormatError("sdn.csv", "line 12", "11 columns, expected 12")
    assert str(error) == "sdn.csv: line 12: 11 columns, expected 12"
    assert isinstance(error, ValueError)


def test_importers_do_not_import_django():
    code = (
        "import sys; import foro.screening.importers as i; "
        "from foro.screening.importers import ofac_csv, ofac_xml, un_xml, foro_csv, ofac_remarks, countries; "
        "print('django' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert out.stdout.strip() == "False"
