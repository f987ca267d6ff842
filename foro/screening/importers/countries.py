"""Country names as the sanctions lists spell them -> ISO 3166-1 alpha-2.

The lists do not use ISO names: OFAC writes "Korea, North", "Burma", "Iran",
"Palestinian", "Region: Gaza"; the UN writes "Iran (Islamic Republic of)",
"State of Palestine", "China, Hong Kong Special Administrative Region". Every
spelling seen in the shipped lists is in :data:`_NAMES` below, so the result
does not depend on the installed pycountry version (pycountry renamed Turkey
to Türkiye, for example). pycountry is only the fallback, and only for *names*
(never for codes: "na" — UN for "not available" — would otherwise become
Namibia).

A wrong country is worse than none: there is no fuzzy matching here. A name
that cannot be mapped returns ``None``; the importers keep the raw text in the
entry's ``extra`` and list it in ``ParsedList.counts["unmapped_countries"]``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

#: Values that mean "no country" (not an unmapped country).
PLACEHOLDERS = frozenset(
    {
        "",
        "-0-",
        "na",
        "n/a",
        "none",
        "none identified",
        "unknown",
        "undetermined",
        "not known",
    }
)

# Normalised (see _norm) spelling -> alpha-2. Only unambiguous, current countries.
_NAMES: dict[str, str] = {
    # OFAC spellings
    "korea, north": "KP",
    "north korea": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "burma": "MM",
    "iran": "IR",
    "russia": "RU",
    "syria": "SY",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "palestinian": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "region: gaza": "PS",
    "region: west bank": "PS",
    "kosovo": "XK",
    "taiwan": "TW",
    "the gambia": "GM",
    "gambia, the": "GM",
    "bahamas, the": "BS",
    "virgin islands, british": "VG",
    "cote d ivoire": "CI",
    "cote d'ivoire": "CI",
    "laos": "LA",
    "macau": "MO",
    "macao": "MO",
    "brunei": "BN",
    "moldova": "MD",
    "vietnam": "VN",
    "tanzania": "TZ",
    "bolivia": "BO",
    "venezuela": "VE",
    "czech republic": "CZ",
    "czechia": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "st. vincent and the grenadines": "VC",
    "saint vincent and the grenadines": "VC",
    "st. kitts & nevis": "KN",
    "st. kitts and nevis": "KN",
    "saint kitts and nevis": "KN",
    "hong kong": "HK",
    "north macedonia, the republic of": "MK",
    "macedonia, the former yugoslav republic of": "MK",
    "north macedonia": "MK",
    "cabo verde": "CV",
    "cape verde": "CV",
    "united states": "US",
    "united kingdom": "GB",
    "micronesia, federated states of": "FM",
    "eswatini": "SZ",
    "swaziland": "SZ",
    "region: crimea": "UA",  # internationally recognised as Ukraine (UNGA res. 68/262)
    "region: northern mali": "ML",
    "man, isle of": "IM",
    "eritrean": "ER",
    # UN spellings
    "iran (islamic republic of)": "IR",
    "democratic people's republic of korea": "KP",
    "democratic republic of the congo": "CD",
    "congo": "CG",
    "republic of korea": "KR",
    "state of palestine": "PS",
    "occupied palestinian territory": "PS",
    "syrian arab republic": "SY",
    "russian federation": "RU",
    "united kingdom of great britain and northern ireland": "GB",
    "united republic of tanzania": "TZ",
    "united states of america": "US",
    "viet nam": "VN",
    "china, hong kong special administrative region": "HK",
    "china, macao special administrative region": "MO",
    "british virgin islands": "VG",
    "lao people's democratic republic": "LA",
    "bolivia (plurinational state of)": "BO",
    "venezuela (bolivarian republic of)": "VE",
    "republic of moldova": "MD",
    "libyan arab jamahiriya": "LY",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("`", "'")
    return re.sub(r"\s+", " ", text).strip().strip(".").strip().lower()


def is_placeholder(text: str | None) -> bool:
    """True for empty values and "no country" markers such as ``na`` or ``None Identified``."""
    return text is None or _norm(text) in PLACEHOLDERS


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """Map a country *name* to ISO alpha-2, or ``None`` when it cannot be mapped safely.

    Placeholders (``na``, ``None Identified``...) also give ``None``; tell them
    apart with :func:`is_placeholder`.
    """
    if text is None:
        return None
    key = _norm(text)
    if key in PLACEHOLDERS:
        return None
    if key.startswith("possibly "):
        key = key[len("possibly ") :]
    if key in _NAMES:
        return _NAMES[key]
    if ". " in key:  # "Cabo Verde. Previously Cape Verde."
        return country_code(key.split(". ", 1)[0])
    if len(key) <= 3:  # never treat a name field as a code
        return None
    return _pycountry_index().get(key)


@lru_cache(maxsize=1)
def _pycountry_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                index.setdefault(_norm(value), c.alpha_2)
    return index


#: Codes that are valid in the department's own lists although not (yet) in ISO 3166-1.
EXTRA_CODES = frozenset({"XK"})  # Kosovo, the user-assigned code used by the EU and OFAC


def is_iso2(code: str) -> bool:
    """True for an assigned ISO 3166-1 alpha-2 code (upper case) or Kosovo ``XK``."""
    if not re.fullmatch(r"[A-Z]{2}", code or ""):
        return False
    return code in EXTRA_CODES or pycountry.countries.get(alpha_2=code) is not None


class CountryMapper:
    """Maps names and remembers the ones it could not map (for ``counts``)."""

    def __init__(self) -> None:
        self.unmapped: dict[str, int] = {}

    def map(self, raw: str | None, unmapped_here: list[str] | None = None) -> str | None:
        """Alpha-2 for ``raw``; ``None`` for placeholders and unmapped names.

        An unmapped name is counted and appended to ``unmapped_here`` (the entry's list).
        """
        if raw is None:
            return None
        raw = re.sub(r"\s+", " ", raw).strip()
        if is_placeholder(raw):
            return None
        code = country_code(raw)
        if code is None:
            self.unmapped[raw] = self.unmapped.get(raw, 0) + 1
            if unmapped_here is not None and raw not in unmapped_here:
                unmapped_here.append(raw)
        return code

    def summary(self) -> dict[str, int]:
        return dict(sorted(self.unmapped.items()))
