"""Plain data types shared by the importers and the matching engine.

No Django here: the engine and the importers are a library that can be
tested and benchmarked alone. The Django app stores an :class:`Entry` as JSON
(``Entry.to_dict``) and rebuilds it with ``Entry.from_dict``.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NotRequired, TypedDict


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameQuality(StrEnum):
    """How much a listed name can be trusted as an identifier.

    ``primary`` is the name the publisher lists the entry under; ``strong`` an
    alias of good quality (OFAC a.k.a., UN "Good"); ``weak`` a low-quality alias
    (OFAC "weak a.k.a.", UN "Low") that should never produce a strong hit alone.
    """

    PRIMARY = "primary"
    STRONG = "strong"
    WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Name:
    text: str
    quality: NameQuality = NameQuality.PRIMARY
    #: True when the text is in the name's original, non-Latin script.
    original_script: bool = False


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to a day, a month, a year or a range: [earliest, latest]."""

    earliest: date
    latest: date

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY..YYYY`` (a range)."""
        text = text.strip()
        if ".." in text:
            start, end = text.split("..", 1)
            return cls(cls.parse(start).earliest, cls.parse(end).latest)
        m = _DATE_RE.match(text)
        if not m:
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year = int(m.group(1))
        if m.group(3):
            d = date(year, int(m.group(2)), int(m.group(3)))
            return cls(d, d)
        if m.group(2):
            month = int(m.group(2))
            last = calendar.monthrange(year, month)[1]
            return cls(date(year, month, 1), date(year, month, last))
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def years(cls, first: int, last: int | None = None) -> FuzzyDate:
        return cls(date(first, 1, 1), date(last if last is not None else first, 12, 31))

    def overlaps(self, other: FuzzyDate) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest

    @property
    def is_exact(self) -> bool:
        return self.earliest == self.latest

    def __str__(self) -> str:
        first, last = self.earliest, self.latest
        if first == last:
            return first.isoformat()
        if first.month == 1 and first.day == 1 and last.month == 12 and last.day == 31:
            return str(first.year) if first.year == last.year else f"{first.year}..{last.year}"
        if first.year == last.year and first.month == last.month and first.day == 1:
            return f"{first.year:04d}-{first.month:02d}"
        return f"{first.isoformat()}..{last.isoformat()}"


#: the kinds of identifier the lists and the department's own CSV use
IDENTIFIER_KINDS = (
    "passport",
    "national_id",
    "tax_id",
    "registration",
    "imo",
    "mmsi",
    "swift",
    "other",
)


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: str  # one of IDENTIFIER_KINDS
    value: str
    country: str = ""  # ISO 3166-1 alpha-2 of the issuing country, if known


class NameData(TypedDict):
    text: str
    quality: str  # a NameQuality value
    originalScript: NotRequired[bool]


class IdentifierData(TypedDict):
    kind: str
    value: str
    country: NotRequired[str]


class EntryData(TypedDict):
    """An entry as JSON (:meth:`Entry.to_dict`, :meth:`Entry.from_dict`), as the Django app
    stores it; the keys marked ``NotRequired`` may be missing in older data."""

    entryId: str
    kind: str  # an EntityKind value
    names: list[NameData]
    birthDates: NotRequired[list[str]]  # FuzzyDate as text
    nationalities: NotRequired[list[str]]
    countries: NotRequired[list[str]]
    identifiers: NotRequired[list[IdentifierData]]
    programmes: NotRequired[list[str]]
    listedOn: NotRequired[str | None]  # ISO date
    remarks: NotRequired[str]
    extra: NotRequired[dict[str, str]]


@dataclass(slots=True)
class Entry:
    """One listed person, organisation, vessel or aircraft."""

    entry_id: str  # the publisher's own id (OFAC ent_num/uid, UN REFERENCE_NUMBER)
    kind: EntityKind
    names: tuple[Name, ...]
    birth_dates: tuple[FuzzyDate, ...] = ()
    nationalities: tuple[str, ...] = ()  # ISO alpha-2
    countries: tuple[str, ...] = ()  # address / registration / flag countries, ISO alpha-2
    identifiers: tuple[Identifier, ...] = ()
    programmes: tuple[str, ...] = ()
    listed_on: date | None = None
    remarks: str = ""
    #: extra publisher data worth keeping (place of birth, title, call sign...)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def primary_name(self) -> str:
        for n in self.names:
            if n.quality == NameQuality.PRIMARY:
                return n.text
        return self.names[0].text if self.names else ""

    def to_dict(self) -> dict[str, object]:
        """The entry as JSON, in the shape of :class:`EntryData`."""
        data: EntryData = {
            "entryId": self.entry_id,
            "kind": str(self.kind),
            "names": [
                {"text": n.text, "quality": str(n.quality), "originalScript": n.original_script}
                for n in self.names
            ],
            "birthDates": [str(d) for d in self.birth_dates],
            "nationalities": list(self.nationalities),
            "countries": list(self.countries),
            "identifiers": [
                {"kind": i.kind, "value": i.value, "country": i.country} for i in self.identifiers
            ],
            "programmes": list(self.programmes),
            "listedOn": self.listed_on.isoformat() if self.listed_on else None,
            "remarks": self.remarks,
            "extra": dict(sorted(self.extra.items())),
        }
        return dict(data)

    @classmethod
    def from_dict(cls, data: EntryData) -> Entry:
        listed = data.get("listedOn")
        return cls(
            entry_id=data["entryId"],
            kind=EntityKind(data["kind"]),
            names=tuple(
                Name(n["text"], NameQuality(n["quality"]), n.get("originalScript", False))
                for n in data["names"]
            ),
            birth_dates=tuple(FuzzyDate.parse(d) for d in data.get("birthDates", ())),
            nationalities=tuple(data.get("nationalities", ())),
            countries=tuple(data.get("countries", ())),
            identifiers=tuple(
                Identifier(i["kind"], i["value"], i.get("country", ""))
                for i in data.get("identifiers", ())
            ),
            programmes=tuple(data.get("programmes", ())),
            listed_on=date.fromisoformat(listed) if listed else None,
            remarks=data.get("remarks", ""),
            extra=dict(data.get("extra", {})),
        )

    def fingerprint(self) -> str:
        """A stable hash of the entry's content: equal content, equal hash (for diffs)."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    kind: EntityKind | None = None
    countries: tuple[str, ...] = ()  # ISO alpha-2 (nationality or address)
    birth_date: FuzzyDate | None = None
    identifiers: tuple[Identifier, ...] = ()


@dataclass(frozen=True, slots=True)
class Hit:
    list_code: str
    entry_id: str
    matched_name: str
    score: float  # 0..1
    #: readable reason, e.g. "name 0.93; born 1965 = 1965; nationality AF = AF"
    explanation: str
    #: the parts of the score, for display and for tests
    components: dict[str, float] = field(default_factory=dict)
