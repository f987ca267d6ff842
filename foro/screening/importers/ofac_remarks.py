"""Parser for OFAC's semi-structured remarks and the labels OFAC uses for identifiers.

The legacy SDN CSV keeps most data about an entry in one remarks field, as
``;``-separated clauses::

    DOB 12 Jan 1965; alt. DOB 1966; POB Tehran, Iran; nationality Iran;
    Passport A1234567 (Iran) issued 01 Jan 2000 expires 01 Jan 2005;
    Gender Male; a.k.a. 'ABU X'; Linked To: SOME COMPANY.

:func:`parse_remarks` turns that into a :class:`ParsedRemarks`; it never
raises (whatever the text), because a clause it does not understand is kept
as text (the importer keeps the whole remarks field in ``Entry.remarks``).
Country names stay raw here; the importer maps them (``countries.py``).

The ``a.k.a.`` / ``f.k.a.`` / ``d.b.a.`` clauses in remarks are what OFAC calls
*weak* aliases (the strong ones are in ``alt.csv``).

:func:`classify_label` is shared with the XML importer, whose ``idType``
values use the same labels ("Passport", "Tax ID No.", "SWIFT/BIC"...).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from foro.screening.engine.model import FuzzyDate
from foro.screening.importers.countries import country_code

# ---------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ATOM_DMY = re.compile(rf"(\d{{1,2}})\s+({_MON})\s*,?\s*(\d{{4}})", re.I)
_ATOM_MY = re.compile(rf"({_MON})\s*,?\s*(\d{{4}})", re.I)
_ATOM_M = re.compile(rf"({_MON})", re.I)
_ATOM_DM = re.compile(rf"(\d{{1,2}})\s+({_MON})", re.I)
_ATOM_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# no numeric 03/04/1970 form: day/month order is ambiguous and a wrong DOB is worse than none
_ATOM_Y = re.compile(r"(\d{4})")
_APPROX = re.compile(r"^(?:circa|approximately|approx\.?|about|around|ca\.?|c\.)\s*", re.I)
MIN_YEAR, MAX_YEAR = 1800, 2100
_RANGE_SEP = re.compile(r"\s+(?:to|until|and|-|–)\s+|\s*[-–]\s*(?=\d{4}$)", re.I)


def _month(text: str) -> int:
    return _MONTHS[text.strip(".").lower()[:3]]


def _atom(text: str, year: int | None = None) -> tuple[date, date] | None:
    """One date: ``12 Jan 1965``, ``Jan 1965``, ``1965``, ``1965-01-12``.

    With ``year`` given (the year of the other end of a range) also ``Jan`` and ``12 Jan``.
    Returns (earliest, latest) or None. Never raises.
    """
    t = text.strip().strip(",").strip()
    try:
        if m := _ATOM_DMY.fullmatch(t):
            d = date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
            return d, d
        if m := _ATOM_ISO.fullmatch(t):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d
        if m := _ATOM_MY.fullmatch(t):
            y, mo = int(m.group(2)), _month(m.group(1))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _ATOM_Y.fullmatch(t):
            y = int(m.group(1))
            return date(y, 1, 1), date(y, 12, 31)
        if year is not None:
            if m := _ATOM_DM.fullmatch(t):
                d = date(year, _month(m.group(2)), int(m.group(1)))
                return d, d
            if m := _ATOM_M.fullmatch(t):
                mo = _month(m.group(1))
                return date(year, mo, 1), date(year, mo, calendar.monthrange(year, mo)[1])
    except (ValueError, KeyError, OverflowError):
        return None
    return None


@dataclass(frozen=True, slots=True)
class ParsedDate:
    date: FuzzyDate
    approximate: bool = False


def parse_date(text: str) -> ParsedDate | None:
    """Parse a date as OFAC and the UN write them; None when it is not one.

    ``12 Jan 1965``, ``Jan 1965``, ``1965``, ``1965-01-12``, ``circa 1965``,
    ``1960 to 1962``, ``01 Jan 1961 to 31 Dec 1962``, ``Mar 1962 to Feb 1963``,
    ``circa 1979-1982``, ``Between Aug. and Sep. 1977``. "circa" keeps the stated
    date and sets ``approximate``. Never raises.
    """
    if not isinstance(text, str):
        return None
    t = re.sub(r"\s+", " ", text).strip().rstrip(".;,").strip()
    if not t or len(t) > 80:
        return None
    approximate = False
    if m := _APPROX.match(t):
        approximate = True
        t = t[m.end() :]
    if t.lower().startswith("between "):
        t = t[len("between ") :]
    parts = _RANGE_SEP.split(t, maxsplit=1)
    if len(parts) == 1:
        found = _atom(t)
    else:
        second = _atom(parts[1])
        first = None
        if second is not None:
            first = _atom(parts[0]) or _atom(parts[0], year=second[0].year)
        found = (first[0], second[1]) if first and second and first[0] <= second[1] else None
    # a year outside this window is not a birth date (e.g. a Hijri year such as 1402)
    if found is None or found[0].year < MIN_YEAR or found[1].year > MAX_YEAR:
        return None
    return ParsedDate(FuzzyDate(*found), approximate)


# ---------------------------------------------------------------- labels

#: label (as OFAC writes it) -> identifier kind. Longest label wins.
ID_LABELS: dict[str, str] = {
    # passports and travel documents
    "Passport": "passport",
    "Passport No.": "passport",
    "Passport Booklet": "passport",
    "Diplomatic Passport": "passport",
    "British National Overseas Passport": "passport",
    "Stateless Person Passport": "passport",
    "Refugee Passport": "passport",
    "Travel Document Number": "passport",
    "U.S.A. Passport": "passport",
    # personal identity numbers
    "National ID No.": "national_id",
    "National Foreign ID Number": "national_id",
    "Cedula No.": "national_id",
    "C.U.R.P.": "national_id",
    "C.U.R.P. #": "national_id",
    "C.U.I.": "national_id",
    "C.U.I.P.": "national_id",
    "D.N.I.": "national_id",
    "N.I.E.": "national_id",
    "Identification Number": "national_id",
    "Personal ID Card": "national_id",
    "Citizen's Card Number": "national_id",
    "Numero de Identidad": "national_id",
    "Turkish Identification Number": "national_id",
    "Kenyan ID No.": "national_id",
    "Bosnian Personal ID No.": "national_id",
    "Moroccan Personal ID No.": "national_id",
    "Tazkira National ID Card": "national_id",
    "UAE Identification": "national_id",
    "CNP (Personal Numerical Code)": "national_id",
    "LE Number": "national_id",
    "Electoral Registry No.": "national_id",
    "Credencial electoral": "national_id",
    "I.F.E.": "national_id",
    "SSN": "national_id",
    "Residency Number": "national_id",
    "Refugee ID Card": "national_id",
    "Stateless Person ID Card": "national_id",
    "Birth Certificate Number": "national_id",
    "Cartilla de Servicio Militar Nacional": "national_id",
    "Military Registration Number": "national_id",
    "Public Security and Immigration No.": "national_id",
    # tax numbers
    "Tax ID No.": "tax_id",
    "NIT #": "tax_id",
    "RUC #": "tax_id",
    "RIF #": "tax_id",
    "R.F.C.": "tax_id",
    "R.F.C. #": "tax_id",
    "RFC": "tax_id",
    "C.U.I.T.": "tax_id",
    "C.I.F.": "tax_id",
    "US FEIN": "tax_id",
    "V.A.T. Number": "tax_id",
    "Italian Fiscal Code": "tax_id",
    "Fiscal Code": "tax_id",
    "Paraguayan tax identification number": "tax_id",
    "Romanian Tax Registration": "tax_id",
    "RTN": "tax_id",
    "Numero Unico de Identificacao Tributaria (NUIT)": "tax_id",
    # company and other registrations
    "Registration Number": "registration",
    "Registration ID": "registration",
    "Business Registration Number": "registration",
    "Business Registration Document #": "registration",
    "Business Number": "registration",
    "Company Number": "registration",
    "UK Company Number": "registration",
    "Company ID: No.": "registration",
    "Commercial Registry Number": "registration",
    "Matricula Mercantil No": "registration",
    "Folio Mercantil No.": "registration",
    "Government Gazette Number": "registration",
    "Public Registration Number": "registration",
    "Chamber of Commerce Number": "registration",
    "Istanbul Chamber of Comm. No.": "registration",
    "Dubai Chamber of Commerce Membership No.": "registration",
    "C.R. No.": "registration",
    "Romanian C.R.": "registration",
    "Trade License No.": "registration",
    "Legal Entity Number": "registration",
    "Unified Social Credit Code (USCC)": "registration",
    "United Social Credit Code Certificate (USCCC)": "registration",
    "Economic Register Number (CBLS)": "registration",
    "Central Registration System Number": "registration",
    "Enterprise Number": "registration",
    "Branch Unit Number": "registration",
    "Certificate of Incorporation Number": "registration",
    "Registered Charity No.": "registration",
    "D-U-N-S Number": "registration",
    "Organization Code": "registration",
    "MSB Registration Number": "registration",
    "Afghan Money Service Provider License Number": "registration",
    "Tourism License No.": "registration",
    "License": "registration",
    "Aircraft Tail Number": "registration",
    "Previous Aircraft Tail Number": "registration",
    "Vessel Registration Identification": "registration",  # "IMO 1234567" -> imo, see below
    # IMO numbers of companies (ship IMO numbers come as Vessel Registration Identification)
    "Identification Number IMO": "registration",
    "Company Number IMO": "registration",
    "MMSI": "mmsi",
    "SWIFT/BIC": "swift",
    # other identifiers
    "International Maritime Organization No.": "imo",
    "Aircraft Manufacturer's Serial Number (MSN)": "other",
    "Aircraft Construction Number (also called L/N or S/N or F/N)": "other",
    "Aircraft Serial Identification": "other",
    "Aircraft Mode S Transponder Code": "other",
    "Digital Currency Address": "other",
    "BIK (RU)": "other",
    "ISIN": "other",
    "Identification Number ISIN": "other",
    "Driver's License No.": "other",
    "Pilot License Number": "other",
    "Immigration No.": "other",
    "VisaNumberID": "other",
    "Permit Number": "other",
    "SRE Permit No.": "other",
    "File Number": "other",
    "Seafarer's Identification Document": "other",
}

#: label -> key in ``Entry.extra`` for facts that are not identifiers.
INFO_LABELS: dict[str, str] = {
    "Website": "website",
    "Email Address": "email",
    "Email": "email",
    "Phone Number": "phone",
    "Phone No.": "phone",
    "Phone": "phone",
    "Telephone": "phone",
    "Telephone No.": "phone",
    "Telephone Number": "phone",
    "Fax": "fax",
    "Fax No.": "fax",
    "Organization Established Date": "organization_established_date",
    "Organization Type": "organization_type",
    "Aircraft Model": "aircraft_model",
    "Aircraft Operator": "aircraft_operator",
    "Aircraft Manufacture Date": "aircraft_manufacture_date",
    "Vessel Year of Build": "vessel_year_of_build",
    "Former Vessel Flag": "former_vessel_flag",
    "Other Vessel Flag": "other_vessel_flag",
    "Other Vessel Call Sign": "other_call_sign",
    "Other Vessel Type": "other_vessel_type",
    "Target Type": "target_type",
    "Gender": "gender",
    "ethnicity": "ethnicity",
    "Chinese Commercial Code": "chinese_commercial_code",
    "Additional Sanctions Information -": "additional_sanctions_information",
    "Secondary sanctions risk": "secondary_sanctions_risk",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions": "transactions_prohibited",
    "Executive Order 13662 Directive Determination -": "directive",
    "Executive Order 14024 Directive Information -": "directive",
    "Executive Order 14024 Directive Information": "directive",
    "CAATSA Section 235 Information": "caatsa_235",
    "Nationality of Registration": "nationality_of_registration",
    "Issuer Name": "issuer_name",
    "Equity Ticker": "equity_ticker",
}

_ALL_LABELS = sorted(
    [(lbl, ("id", kind)) for lbl, kind in ID_LABELS.items()]
    + [(lbl, ("info", key)) for lbl, key in INFO_LABELS.items()],
    key=lambda x: -len(x[0]),
)


def _match_label(text: str) -> tuple[str, tuple[str, str], str] | None:
    """(label, (group, kind_or_key), rest) for the longest known label starting ``text``."""
    low = text.lower()
    for label, target in _ALL_LABELS:
        n = len(label)
        if low.startswith(label.lower()) and (
            len(text) == n or not (text[n].isalnum() or text[n] in "_") or label[-1] in "#-."
        ):
            rest = text[n:].lstrip(" :").strip()
            return label, target, rest
    return None


def classify_label(label: str) -> tuple[str, str] | None:
    """("id", kind) or ("info", extra_key) for a label such as an OFAC XML ``idType``."""
    t = re.sub(r"\s+", " ", label or "").strip().rstrip(":").strip()
    found = _match_label(t)
    if found and not found[2]:
        return found[1]
    # XML labels carry details after the known part: "Listing Date (EO 14024 Directive 2):"
    if found and found[1][0] == "info":
        return found[1]
    return None


def is_imo(value: str) -> str | None:
    """The 7 digits of an IMO number written ``IMO 1234567`` or ``1234567``, else None."""
    m = re.fullmatch(r"(?:IMO\s*)?(\d{7})", value.strip(), re.I)
    return m.group(1) if m else None


def identifier_kind(label_kind: str, label: str, value: str) -> tuple[str, str]:
    """Final (kind, value): a vessel registration written ``IMO 1234567`` is an IMO number."""
    if label_kind in ("registration", "imo") and label.lower().startswith(
        ("vessel registration identification", "international maritime organization")
    ):
        digits = is_imo(value)
        if digits:
            return "imo", digits
    return label_kind, value


# ---------------------------------------------------------------- remarks


@dataclass(slots=True)
class RemarkIdentifier:
    kind: str
    label: str
    value: str
    country: str = ""  # raw text from the parentheses, not yet mapped
    issued: str = ""
    expires: str = ""


@dataclass(slots=True)
class ParsedRemarks:
    birth_dates: list[FuzzyDate] = field(default_factory=list)
    #: DOB text kept for people: approximate dates ("circa 1965") and dates not understood
    birth_date_notes: list[str] = field(default_factory=list)
    #: the DOB texts among those that could not be parsed at all
    unparsed_birth_dates: list[str] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # raw country names
    citizenships: list[str] = field(default_factory=list)  # raw country names
    identifiers: list[RemarkIdentifier] = field(default_factory=list)
    #: (alias type as written, name): weak aliases
    aliases: list[tuple[str, str]] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    #: extra key -> values (website, phone, gender, aircraft_model...)
    info: dict[str, list[str]] = field(default_factory=dict)
    #: clauses not understood (they stay in the remarks text)
    other: list[str] = field(default_factory=list)

    def add_info(self, key: str, value: str) -> None:
        if value and value not in self.info.setdefault(key, []):
            self.info[key].append(value)


_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.|d\.b\.a\.)[\s,:]*(.*)$", re.I | re.S)
_ALT = re.compile(r"^alt(?:ernate)?\.?\s+", re.I)
_ABBREV_END = re.compile(r"(?:^|[\s,(])(?:[A-Za-z]\.)+[A-Za-z]$")
_ID_TAIL = re.compile(r"\s*,?\s+\b(issued|expires|expired)\b", re.I)
_PAREN_END = re.compile(r"\(([^()]*)\)\s*$")


def _split_clauses(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", text).strip()
    if text.endswith("."):
        body = text[:-1]
        last = body.rsplit(";", 1)[-1].strip()
        if not _ABBREV_END.search(last):
            text = body
    return [c.strip() for c in text.split(";") if c.strip()]


def _unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "'\"":
        name = name[1:-1]
    elif name[:1] in "'\"":
        name = name[1:]
    elif name[-1:] in "'\"":
        name = name[:-1]
    return re.sub(r"\s+", " ", name).strip()


def _identifier(kind: str, label: str, rest: str) -> RemarkIdentifier | None:
    issued = expires = ""
    head = rest
    m = _ID_TAIL.search(rest)
    if m:
        head, tail = rest[: m.start()], rest[m.start() :]
        im = re.search(r"\bissued\s+(.*?)(?=\s*,?\s*\bexpire[sd]?\b|$)", tail, re.I)
        em = re.search(r"\bexpire[sd]?\s+(.*)$", tail, re.I)
        issued = im.group(1).strip(" ,") if im else ""
        expires = em.group(1).strip(" ,") if em else ""
    country = ""
    pm = _PAREN_END.search(head)
    if pm:
        inner = pm.group(1).strip()
        before = head[: pm.start()].strip().rstrip(",").strip()
        if before:
            head, country = before, inner
        else:  # "International Maritime Organization No. (5777731)": the number is in parentheses
            head = inner
    value = head.strip().strip(",").strip()
    if not country and ", " in value:
        # "Passport No.: 0310857, Eritrea, Issue Date 21 August 2006": the country after a comma
        first, _, after = value.partition(", ")
        candidate = after.split(",", 1)[0].strip()
        if first.strip() and country_code(candidate):
            value, country = first.strip(), candidate
    if label == "Digital Currency Address":
        # "- XBT 12QtD5..." -> label "Digital Currency Address - XBT", value the address
        dm = re.fullmatch(r"-?\s*([A-Za-z0-9]+)\s+(\S+)", value)
        if dm:
            label, value = f"{label} - {dm.group(1)}", dm.group(2)
    if not value:
        return None
    kind, value = identifier_kind(kind, label, value)
    return RemarkIdentifier(kind, label, value, country, issued, expires)


def _clause(out: ParsedRemarks, clause: str) -> None:
    body = _ALT.sub("", clause, count=1)
    low = body.lower()
    if m := _ALIAS.match(body):
        name = _unquote(m.group(2))
        if name:
            out.aliases.append((m.group(1).lower(), name))
        return
    if m := re.match(r"^DOB\b[\s:]*(.*)$", body, re.I | re.S):
        raw = m.group(1).strip()
        parsed = parse_date(raw)
        if parsed is None:
            out.birth_date_notes.append(raw)
            out.unparsed_birth_dates.append(raw)
        else:
            out.birth_dates.append(parsed.date)
            if parsed.approximate:
                out.birth_date_notes.append(raw)
        return
    if m := re.match(r"^POB\b[\s:]*(.*)$", body, re.I | re.S):
        if m.group(1).strip():
            out.places_of_birth.append(m.group(1).strip())
        return
    if low.startswith("nationality of registration"):
        out.add_info(
            "nationality_of_registration", body[len("nationality of registration") :].strip(" :")
        )
        return
    if m := re.match(r"^nationality(?:\s*:\s*|\s+)(.*)$", body, re.I | re.S):
        if m.group(1).strip():
            out.nationalities.append(m.group(1).strip())
        return
    if m := re.match(r"^citizen(?:ship)?(?:\s*:\s*|\s+)(.*)$", body, re.I | re.S):
        if m.group(1).strip():
            out.citizenships.append(m.group(1).strip())
        return
    if m := re.match(r"^linked to\b[\s:]*(.*)$", body, re.I | re.S):
        if m.group(1).strip():
            out.linked_to.append(m.group(1).strip())
        return
    found = _match_label(body)
    if found:
        label, (group, target), rest = found
        if group == "id":
            ident = _identifier(target, label, rest)
            if ident is not None:
                out.identifiers.append(ident)
                return
        elif rest:
            out.add_info(target, rest)
            return
    out.other.append(clause)


def parse_remarks(text: str | None) -> ParsedRemarks:
    """Parse one OFAC remarks field. Never raises; unknown clauses land in ``other``."""
    out = ParsedRemarks()
    if not isinstance(text, str) or not text.strip():
        return out
    for clause in _split_clauses(text):
        try:
            _clause(out, clause)
        except Exception:  # a parser bug must not lose the entry: keep the clause as text
            out.other.append(clause)
    return out
