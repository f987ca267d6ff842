"""Hypothesis: every importer on mutated real files (issue 16, "Fuzzing and bad input").

The files are the shipped lists (foro/screening/data/lists) and the test fixtures
(tests/data; the EU, UK and OpenSanctions ones were written from the publishers'
documentation, see tests/data/README.md). The large ones are cut to their first records
*on record boundaries* (the bytes of those records unchanged, OFAC's Record_Count set to the
new count) so that an example parses in milliseconds; the reduced file is checked to import
first. Each is then truncated, flipped, stripped or doubled a line, re-encoded, given a
BOM or a NUL byte, one to three times over. The importer must either accept the file or
refuse it with ImportFormatError naming the file and a position: never another exception.
An accepted file holds no NUL character (PostgreSQL refuses them in text and JSON).
Through ``services.list_import`` a refused file leaves no version, no entry and no diff,
and an audit event of the refusal.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from foro.screening.importers import ImportFormatError, ParsedList, load

LISTS = Path(__file__).resolve().parents[1] / "data" / "lists"
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# ---------------------------------------------------------------- reduced real files


def _un_reduced() -> bytes:
    data = (LISTS / "un_consolidated_2026-02-27.xml").read_bytes()
    return _keep_records(data, [b"INDIVIDUAL", b"ENTITY"], 12)


def _ofac_xml_reduced() -> bytes:
    data = (LISTS / "ofac_nonsdn_xml_2025-06-30" / "consolidated.xml").read_bytes()
    reduced = _keep_records(data, [b"sdnEntry"], 15)
    return re.sub(rb"<Record_Count>\d+</Record_Count>", b"<Record_Count>15</Record_Count>", reduced)


def _keep_records(data: bytes, tags: list[bytes], keep: int) -> bytes:
    """Drop every ``<tag>…</tag>`` element after the first ``keep`` of each tag: byte slices
    of the original, nothing re-serialised."""
    for tag in tags:
        opening = re.compile(rb"<" + re.escape(tag) + rb"[\s>]")
        close = b"</" + tag + b">"
        out, pos, seen = bytearray(), 0, 0
        for m in opening.finditer(data):
            if m.start() < pos:
                continue
            end = data.index(close, m.start()) + len(close)
            seen += 1
            if seen > keep:
                out += data[pos : m.start()]
                # drop the element and the whitespace that led to it
                while out and out[-1:] in (b" ", b"\t", b"\n", b"\r"):
                    out = out[:-1]
                pos = end
            else:
                out += data[pos:end]
                pos = end
        out += data[pos:]
        data = bytes(out)
    return data


def _csv_records(data: bytes) -> list[tuple[str, bytes]]:
    """(first field, original bytes) per CSV record; latin-1 maps bytes to characters 1:1."""
    text = data.decode("latin-1")
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    out, used = [], 0
    for row in reader:
        span = "".join(lines[used : reader.line_num])
        used = reader.line_num
        out.append((row[0] if row else "", span.encode("latin-1")))
    return out


def _ofac_csv_reduced(folder: Path) -> None:
    source = LISTS / "ofac_sdn_csv_2021-07"
    keep = {first for first, _ in _csv_records((source / "sdn_comments.csv").read_bytes())}
    sdn = _csv_records((source / "sdn.csv").read_bytes())
    keep |= {first for first, _ in sdn[:40]}
    for name in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"):
        records = _csv_records((source / name).read_bytes())
        kept = b"".join(raw for first, raw in records if first in keep or not first.isdigit())
        (folder / name).write_bytes(kept)


#: (format, file name, bytes): one file of each one-file format
ONE_FILE: list[tuple[str, str, Callable[[], bytes]]] = [
    ("un-xml", "un.xml", _un_reduced),
    ("ofac-xml", "consolidated.xml", _ofac_xml_reduced),
    ("foro-csv", "foro_denials.csv", (LISTS / "foro_denials.csv").read_bytes),
    ("foro-csv", "foro_watch.csv", (LISTS / "foro_watch.csv").read_bytes),
    ("foro-csv", "foro_watchlist.csv", (DATA / "foro_watchlist.csv").read_bytes),
    ("eu-fsf-xml", "eu_fsf_sample.xml", (DATA / "eu_fsf_sample.xml").read_bytes),
    ("uk-xml", "uk_sanctions_list_sample.xml", (DATA / "uk_sanctions_list_sample.xml").read_bytes),
    ("ftm-json", "entities.ftm.json", (DATA / "opensanctions_sample.ftm.json").read_bytes),
]


@pytest.mark.parametrize(("fmt", "name", "source"), ONE_FILE, ids=[n for _f, n, _s in ONE_FILE])
def test_the_unmutated_files_import(tmp_path, fmt, name, source):
    path = tmp_path / name
    path.write_bytes(source())
    parsed = load(fmt, [path])
    assert len(parsed.entries) >= 4


def test_the_reduced_ofac_csv_imports(tmp_path):
    _ofac_csv_reduced(tmp_path)
    parsed = load("ofac-csv", [tmp_path])
    assert 40 <= len(parsed.entries) < 100


# ---------------------------------------------------------------- mutations


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(
                ["truncate", "flip", "drop", "duplicate", "swap", "encode", "bom", "insert"]
            )
        )
        lines = data.splitlines(keepends=True)
        if kind == "truncate":
            data = data[: draw(st.integers(0, max(0, len(data) - 1)))]
        elif kind == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1 :]
        elif kind in ("drop", "duplicate", "swap") and lines:
            i = draw(st.integers(0, len(lines) - 1))
            if kind == "drop":
                del lines[i]
            elif kind == "duplicate":
                lines.insert(i, lines[i])
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            data = b"".join(lines)
        elif kind == "encode":
            text = data.decode("utf-8", errors="replace")
            codec = draw(st.sampled_from(["utf-16", "utf-16-le", "cp1252", "latin-1", "cp437"]))
            data = text.encode(codec, errors="replace")
        elif kind == "bom":
            data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + data
        elif kind == "insert":
            i = draw(st.integers(0, len(data)))
            junk = draw(st.one_of(st.just(b"\x00"), st.binary(min_size=1, max_size=8)))
            data = data[:i] + junk + data[i:]
    return data


def check_outcome(fmt: str, paths: list[Path], names: set[str]) -> ParsedList | None:
    try:
        parsed = load(fmt, paths)
    except ImportFormatError as e:
        assert e.file in names | {"the files"}, e.file
        assert e.position and e.reason
        event("refused")
        return None
    event("accepted")
    assert parsed.entries
    ids = [e.entry_id for e in parsed.entries]
    assert len(ids) == len(set(ids))
    dumped = json.dumps([e.to_dict() for e in parsed.entries], ensure_ascii=False)
    assert "\x00" not in dumped
    return parsed


def _one_file_case(fmt: str, name: str, source: Callable[[], bytes]):
    original = source()

    @EXAMPLES
    @given(data=mutated(original))
    def run(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            check_outcome(fmt, [path], {name})

    return run


@pytest.mark.parametrize(("fmt", "name", "source"), ONE_FILE, ids=[n for _f, n, _s in ONE_FILE])
def test_a_mutated_file_is_accepted_or_refused_never_crashes(fmt, name, source):
    _one_file_case(fmt, name, source)()


@pytest.fixture(scope="module")
def ofac_csv_folder():
    with tempfile.TemporaryDirectory() as tmp:
        _ofac_csv_reduced(Path(tmp))
        yield {p.name: p.read_bytes() for p in Path(tmp).iterdir()}


@EXAMPLES
@given(which=st.sampled_from(["sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"]), data=st.data())
def test_a_mutated_ofac_csv_file_is_accepted_or_refused(ofac_csv_folder, which, data):
    mutation = data.draw(mutated(ofac_csv_folder[which]))
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in ofac_csv_folder.items():
            (Path(tmp) / name).write_bytes(mutation if name == which else content)
        check_outcome("ofac-csv", [Path(tmp)], set(ofac_csv_folder))


# ---------------------------------------------------------------- through the service


DB_CASES = [
    c
    for c in ONE_FILE
    if c[1]
    in (
        "un.xml",
        "foro_watch.csv",
        "eu_fsf_sample.xml",
        "uk_sanctions_list_sample.xml",
        "entities.ftm.json",
    )
]
LIST_OF = {
    "un-xml": "un",
    "foro-csv": "foro-watch",
    "eu-fsf-xml": "eu",
    "uk-xml": "uk",
    "ftm-json": "opensanctions",
}


@pytest.mark.django_db
@pytest.mark.parametrize(("fmt", "name", "source"), DB_CASES, ids=[n for _f, n, _s in DB_CASES])
def test_a_refused_import_leaves_no_partial_version(fmt, name, source):
    from foro.core.models import AuditEvent
    from foro.screening.models import ListDiff, ListEntry, ListVersion
    from foro.screening.services import list_import

    original = source()

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=mutated(original))
    def run(data: bytes) -> None:
        before = (ListVersion.objects.count(), ListEntry.objects.count(), ListDiff.objects.count())
        refusals = AuditEvent.objects.filter(verb="screening.list_refused").count()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                version = list_import(actor="system", list_code=LIST_OF[fmt], fmt=fmt, paths=[path])
            except ImportFormatError:
                after = (
                    ListVersion.objects.count(),
                    ListEntry.objects.count(),
                    ListDiff.objects.count(),
                )
                assert after == before
                assert (
                    AuditEvent.objects.filter(verb="screening.list_refused").count() == refusals + 1
                )
                return
        if version.created:
            assert ListVersion.objects.count() == before[0] + 1
            assert ListEntry.objects.filter(version=version).count() == version.entry_count > 0
        else:
            assert ListVersion.objects.count() == before[0]

    run()


def test_the_reduction_keeps_the_records_bytes():
    original = (LISTS / "un_consolidated_2026-02-27.xml").read_bytes()
    reduced = _un_reduced()
    records = re.findall(rb"<(?:INDIVIDUAL|ENTITY)>.*?</(?:INDIVIDUAL|ENTITY)>", reduced, re.S)
    assert len(records) == 24 and all(r in original for r in records)
