"""Sanctions-list importers: publisher files -> :class:`~foro.screening.engine.model.Entry`.

Plain Python (no Django), so the CLI, the Django app and the tests share them::

    from foro.screening.importers import load, FORMATS, ParsedList, ImportFormatError
    parsed = load("ofac-csv", [Path("lists/ofac")])   # a folder, or the files themselves

A file is accepted whole or refused whole: any malformed, truncated or
unexpected input raises :class:`ImportFormatError` (file, readable position,
reason) and no entries are returned.

Formats (:data:`FORMATS`):

``ofac-csv``  OFAC legacy SDN CSV: ``sdn.csv`` (required) and optionally
              ``alt.csv``, ``add.csv``, ``sdn_comments.csv``, recognised by name
              (case-insensitive); a folder is searched for these names.
``ofac-xml``  OFAC XML (``sdn.xml`` / ``consolidated.xml``), one file.
``un-xml``    UN Security Council consolidated list XML, one file.
``foro-csv``  the department's own lists, see ``docs/lists-foro-csv.md``, one file.
``eu-fsf-xml`` EU consolidated financial sanctions list, FSF XML 1.1, one file.
``uk-xml``    UK Sanctions List (FCDO) XML, one file.
``ftm-json``  OpenSanctions entity export, FollowTheMoney line-delimited JSON, one file.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Set
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from foro.screening.engine.model import EntityKind, Entry, Name, NameQuality
from foro.screening.importers.errors import ImportFormatError

if TYPE_CHECKING:  # lxml is imported when an XML file is read
    from lxml.etree import _Element

__all__ = ["FORMATS", "ImportFormatError", "ParsedList", "content_sha256", "load"]

FORMATS: tuple[str, ...] = (
    "ofac-csv",
    "ofac-xml",
    "un-xml",
    "foro-csv",
    "eu-fsf-xml",
    "uk-xml",
    "ftm-json",
)

Progress = Callable[[int, int | None], None]

#: one figure of :attr:`ParsedList.counts`: a number (``None`` when the file states none),
#: a table ``{raw value: occurrences}`` or a list of names; stored as JSON with the version
CountValue = int | None | dict[str, int] | list[str]
Counts = dict[str, CountValue]


@dataclass(slots=True)
class ParsedList:
    format: str
    #: in the publisher's order
    entries: list[Entry]
    #: (file name, sha256 hex, size in bytes), sorted by file name
    files: list[tuple[str, str, int]]
    #: one digest over all files (see :func:`combined_sha256`)
    sha256: str
    #: the publication date the file states, if any
    published: date | None = None
    #: entries per kind, names, aliases, addresses...; ``unmapped_countries`` is
    #: ``{raw country name: occurrences}`` for names that could not be mapped to ISO
    counts: Counts = field(default_factory=dict)

    @property
    def content_sha256(self) -> str:
        """The digest of the files' bytes alone, names left out (see :func:`content_sha256`)."""
        return content_sha256(self.files)


def load(fmt: str, paths: Iterable[Path | str], progress: Progress | None = None) -> ParsedList:
    """Parse the list files ``paths`` of format ``fmt`` (one of :data:`FORMATS`)."""
    files = [Path(p) for p in paths]
    if fmt not in FORMATS:
        raise ValueError(f"unknown list format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not files:
        raise ValueError("no list file given")
    if fmt == "ofac-csv":
        from foro.screening.importers import ofac_csv

        return ofac_csv.load(files, progress)
    if len(files) != 1 or files[0].is_dir():
        raise ValueError(f"{fmt} takes exactly one file, got {', '.join(map(str, files))}")
    path = files[0]
    if not path.is_file():
        raise ImportFormatError(path.name, "file", "file not found")
    if fmt == "ofac-xml":
        from foro.screening.importers import ofac_xml

        return ofac_xml.load(path, progress)
    if fmt == "un-xml":
        from foro.screening.importers import un_xml

        return un_xml.load(path, progress)
    if fmt == "eu-fsf-xml":
        from foro.screening.importers import eu_fsf

        return eu_fsf.load(path, progress)
    if fmt == "uk-xml":
        from foro.screening.importers import uk_xml

        return uk_xml.load(path, progress)
    if fmt == "ftm-json":
        from foro.screening.importers import ftm_json

        return ftm_json.load(path, progress)
    from foro.screening.importers import foro_csv

    return foro_csv.load(path, progress)


# ------------------------------------------------------------------ shared helpers


def file_info(name: str, data: bytes) -> tuple[str, str, int]:
    return (name, hashlib.sha256(data).hexdigest(), len(data))


def file_info_streamed(path: Path) -> tuple[str, str, int]:
    """Like :func:`file_info`, reading the file in chunks (large XML files)."""
    h, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return (path.name, h.hexdigest(), size)


def combined_sha256(files: list[tuple[str, str, int]]) -> str:
    """sha256 over ``name<TAB>sha256<TAB>size<LF>`` lines sorted by name: independent of
    the order the files were given in, and different when any file changes."""
    h = hashlib.sha256()
    for name, digest, size in sorted(files):
        h.update(f"{name}\t{digest}\t{size}\n".encode())
    return h.hexdigest()


def content_sha256(files: Iterable[tuple[str, str, int]]) -> str:
    """sha256 over ``sha256<TAB>size<LF>`` lines of the files, sorted, without their names:
    the same bytes give the same digest under any file name (a list saved as
    ``consolidated (1).xml`` is still the version already imported)."""
    h = hashlib.sha256()
    for digest, size in sorted((digest, size) for _name, digest, size in files):
        h.update(f"{digest}\t{size}\n".encode())
    return h.hexdigest()


def files_digest(paths: Iterable[Path]) -> str:
    """:func:`content_sha256` of files on disk, read in chunks, without parsing them."""
    return content_sha256(file_info_streamed(p) for p in paths)


def line_of(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset``."""
    return data.count(b"\n", 0, max(0, offset)) + 1


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_control_chars(name: str, text: str) -> None:
    """Refuse C0/C1 control characters (binary garbage, wrong encodings)."""
    m = _CONTROL.search(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise ImportFormatError(
            name,
            f"line {line}",
            f"control character U+{ord(m.group()):04X}: binary data or a wrong encoding",
        )


def refuse_utf16_or_binary(name: str, data: bytes) -> None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (
        b"\x00\x00\xfe\xff",
        b"\xff\xfe\x00\x00",
    ):
        raise ImportFormatError(
            name, "line 1", "UTF-16/UTF-32 text; expected 8-bit text (UTF-8 or cp1252)"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ImportFormatError(
            name,
            f"line {line_of(data, nul)}",
            "NUL byte: binary data or UTF-16 text; expected 8-bit text (UTF-8 or cp1252)",
        )


def non_latin(text: str) -> bool:
    """True when ``text`` has a letter of another script than Latin (Cyrillic, Arabic…)."""
    import unicodedata

    return any(
        ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")
        for ch in text
        if ord(ch) > 0x7F
    )


_QUALITY_RANK = {NameQuality.PRIMARY: 0, NameQuality.STRONG: 1, NameQuality.WEAK: 2}


def dedupe_names(names: Iterable[Name]) -> tuple[Name, ...]:
    """Drop empty names and repeats of the same text (keeping the best quality, first position)."""
    out: list[Name] = []
    index: dict[str, int] = {}
    for n in names:
        text = re.sub(r"\s+", " ", n.text).strip()
        if not text:
            continue
        if text != n.text:
            n = Name(text, n.quality, n.original_script)
        i = index.get(text)
        if i is None:
            index[text] = len(out)
            out.append(n)
        elif _QUALITY_RANK[n.quality] < _QUALITY_RANK[out[i].quality]:
            out[i] = Name(text, n.quality, out[i].original_script or n.original_script)
    return tuple(out)


_V = TypeVar("_V", bound=Hashable)


def unique(values: Iterable[_V | None]) -> tuple[_V, ...]:
    """Values without repeats or empties, first occurrence order."""
    seen: dict[_V, None] = {}
    for v in values:
        if v and v not in seen:
            seen[v] = None
    return tuple(seen)


def join_extra(values: Iterable[str]) -> str:
    """Multi-valued ``Entry.extra`` fields are joined with ``"; "``."""
    return "; ".join(unique(re.sub(r"\s+", " ", v).strip() for v in values))


def slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "other"


class Ticker:
    """Calls ``progress(done, total)`` every ``every`` items and once at the end."""

    def __init__(self, progress: Progress | None, total: int | None, every: int = 500):
        self.progress, self.total, self.every, self.done = progress, total, every, 0

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None and self.done % self.every == 0:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.done)  # finished: the bar ends full


def kind_counts(entries: list[Entry]) -> dict[str, int]:
    counts = {str(k): 0 for k in EntityKind}
    for e in entries:
        counts[str(e.kind)] += 1
    return counts


def entry_counts(entries: list[Entry], counts: dict[str, int]) -> Counts:
    """What a parsed list holds: entries by kind, names, the importer's own ``counts``,
    identifiers and birth dates (the importer adds what is particular to it)."""
    out: Counts = {"entries": len(entries), **kind_counts(entries)}
    out.update({"names": sum(len(e.names) for e in entries), **counts})
    out["identifiers"] = sum(len(e.identifiers) for e in entries)
    out["birth_dates"] = sum(len(e.birth_dates) for e in entries)
    return out


def xml_records(
    name: str,
    path: Path,
    root: str,
    record_tags: Set[str],
    other_tags: Set[str] = frozenset(),
) -> Iterator[tuple[_Element, str, int, int]]:
    """Stream ``(element, localname, ordinal, line)`` for each record element of an XML file.

    Checks the root element's local name (any namespace), refuses empty or
    malformed (e.g. truncated) files with the line lxml reports. The caller
    processes each yielded element before the next one; it is cleared after.
    ``other_tags`` are also yielded (e.g. a header element), with ordinal 0.
    """
    from lxml import etree

    if path.stat().st_size == 0:
        raise ImportFormatError(name, "line 1", "empty file")
    ordinals: dict[str, int] = {}  # per record tag: "INDIVIDUAL #3", "ENTITY #1"
    seen_root = False
    context = etree.iterparse(
        str(path),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    last_line = 1
    current: tuple[str, int, int] | None = None  # record being read: (tag, ordinal, line)
    try:
        for event, elem in context:
            local = etree.QName(elem).localname
            last_line = elem.sourceline or last_line
            if event == "start" and local in record_tags:
                current = (local, ordinals.get(local, 0) + 1, last_line)
            if not seen_root:
                seen_root = True
                if local != root:
                    raise ImportFormatError(
                        name,
                        f"line {last_line}, element <{local}>",
                        f"root element is <{local}>, expected <{root}>: not a file of this format",
                    )
                continue
            if event != "end":
                continue
            if local in record_tags:
                ordinals[local] = ordinals.get(local, 0) + 1
                current = None
                yield elem, local, ordinals[local], last_line
            elif local in other_tags:
                yield elem, local, 0, last_line
            else:
                continue
            elem.clear(keep_tail=False)
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        line, column = e.position if e.position and e.position[0] else (last_line, 0)
        position = f"line {line}" + (f", column {column}" if column else "")
        if current is not None:
            position += f", inside <{current[0]}> #{current[1]} (from line {current[2]})"
        msg = re.sub(r",? line \d+, column \d+$", "", e.msg or str(e))
        raise ImportFormatError(name, position, f"malformed or truncated XML: {msg}") from None
    if not seen_root:
        raise ImportFormatError(name, "line 1", "empty file")


def xml_text(elem: _Element, *path: str) -> str:
    """Whitespace-normalised text of the first descendant at ``path`` (local names), or ""."""
    node = elem
    for step in path:
        child = next((c for c in node if isinstance(c.tag, str) and _local(c.tag) == step), None)
        if child is None:
            return ""
        node = child
    return re.sub(r"\s+", " ", node.text or "").strip()


def xml_children(elem: _Element, tag: str) -> list[_Element]:
    return [c for c in elem if isinstance(c.tag, str) and _local(c.tag) == tag]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
