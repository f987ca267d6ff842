"""The shipped IATI codelists (``data/codelists``): codes and English names, and the
mapping of XML paths to codelists the Standard publishes (``mapping.xml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "data"
CODELISTS = DATA / "codelists"


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    withdrawn: bool = False


@cache
def codelist(name: str) -> dict[str, Code]:
    """Codes of one shipped codelist by code, in file order."""
    tree = etree.parse(str(CODELISTS / f"{name}.xml"))
    items: dict[str, Code] = {}
    for item in tree.iterfind(".//codelist-item"):
        code = (item.findtext("code") or "").strip()
        names = item.findall("name/narrative")
        english = next(
            (
                n.text or ""
                for n in names
                if n.get("{http://www.w3.org/XML/1998/namespace}lang") in (None, "en")
            ),
            "",
        )
        items[code] = Code(code, english.strip(), item.get("status") == "withdrawn")
    return items


def choices(name: str, *, with_code: bool = True) -> list[tuple[str, str]]:
    return [
        (c.code, f"{c.code} {c.name}" if with_code else c.name)
        for c in codelist(name).values()
        if not c.withdrawn
    ]


def name_of(listname: str, code: str) -> str:
    entry = codelist(listname).get(code)
    return entry.name if entry else code


@dataclass(frozen=True)
class Mapping:
    path: str
    codelist: str
    condition: str


@cache
def mappings() -> tuple[Mapping, ...]:
    """The Standard's path → codelist mapping, limited to the lists foro ships."""
    tree = etree.parse(str(CODELISTS / "mapping.xml"))
    shipped = {p.stem for p in CODELISTS.glob("*.xml")}
    out = []
    for m in tree.iterfind("mapping"):
        ref = m.find("codelist").get("ref")  # type: ignore[union-attr]
        if ref not in shipped:
            continue
        out.append(Mapping(m.findtext("path") or "", str(ref), m.findtext("condition") or ""))
    return tuple(out)
