"""Name normalisation: written name -> comparable tokens.

Steps, in order (each is idempotent, so is the whole):

1. Unicode NFKC, then transliteration to ASCII with ``anyascii`` (Cyrillic, Greek,
   Armenian, Georgian, Arabic, Hebrew, Thai, Han, Hangul, kana...). Han and Hangul are
   transliterated one syllable per token ("习近平" -> "xi jin ping"); the Arabic article
   "ال" becomes its own token "al".
   Limits of anyascii: Arabic and Hebrew come out without short vowels ("محمد" -> "mhmd"),
   so names from these scripts are compared on consonant skeletons (see ``scoring``);
   Han gives Mandarin pinyin without tones, also for Japanese kanji and Korean hanja
   ("山田" -> "shan tian", not "yamada"); Hangul gives the Revised Romanisation ("gim"),
   which is folded a little towards the McCune-Reischauer spellings used on lists ("kim").
2. Case folding; accents are gone with step 1 ("é" -> "e", "ß" -> "ss").
3. Punctuation: apostrophes are dropped ("Qa'ida" -> "qaida"), "&" is "and", dotted
   abbreviations are joined ("L.L.C." -> "llc") except in person names, where initials
   stay apart ("J.C." -> "j c"); every other mark separates words.
4. "SURNAME, Given" -> "Given SURNAME" (one comma, not before a legal form).
5. Leading courtesy titles are removed when other words follow ("Mr", "Dr", "President").
   Religious or traditional honorifics (Sheikh, Haji, Mullah...) are kept: they are also
   given names and surnames; the scorer weighs a leading run of them lightly instead.
6. Digits written as letters inside a word are read as letters ("Sech1n" -> "sechin");
   numbers written in words become digits for non-persons ("Forty-Four" -> "44",
   "First" -> "1"), Roman numerals too for organisations, vessels and aircraft.
7. Legal forms at the start or end of a non-person name become their family code
   ("OOO", "LLC", "GmbH" -> "llc"; "AG", "Aktiengesellschaft", "JSC", "OAO" -> "jsc").

Tables live in ``data/legal_forms.txt`` and ``data/name_words.txt``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from .model import EntityKind

DATA_DIR = Path(__file__).parent / "data"

#: Name flags (bit set) describing the script the name was written in.
FLAG_ABJAD = 1  # Arabic, Hebrew, Syriac, Thaana, Thai, Lao, Khmer, Myanmar: few vowels
FLAG_HAN = 2
FLAG_HANGUL = 4
FLAG_KANA = 8
FLAG_OTHER_SCRIPT = 16  # any non-Latin script (Cyrillic, Greek...)


def _read_sections(filename: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in (DATA_DIR / filename).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(" ".join(line.split()))
    return sections


_FORM_SECTIONS = _read_sections("legal_forms.txt")
#: written form ("limited liability company") -> family code ("llc")
LEGAL_FORMS: dict[str, str] = {}
for _family, _forms in _FORM_SECTIONS.items():
    LEGAL_FORMS[_family] = _family
    for _form in _forms:
        LEGAL_FORMS.setdefault(_form.replace("-", " "), _family)
LEGAL_FORM_FAMILIES: frozenset[str] = frozenset(_FORM_SECTIONS)
_MAX_FORM_WORDS = max(len(f.split()) for f in LEGAL_FORMS)

_WORD_SECTIONS = _read_sections("name_words.txt")
TITLES: frozenset[str] = frozenset(_WORD_SECTIONS.get("title", ()))
HONORIFICS: frozenset[str] = frozenset(_WORD_SECTIONS.get("honorific", ()))
#: particle -> its group's first spelling ("ibn" -> "bin")
PARTICLE_GROUP: dict[str, str] = {}
for _line in _WORD_SECTIONS.get("particle", ()):
    _group = [w.strip() for w in _line.split("=") if w.strip()]
    for _w in _group:
        PARTICLE_GROUP.setdefault(_w, _group[0])
PARTICLES: frozenset[str] = frozenset(PARTICLE_GROUP)

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_ORDINAL_SUFFIX_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_ROMAN_RE = re.compile(r"^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g"})
_LEET_RE = re.compile(r"^[a-z]+[0-9][a-z]+$")

_APOSTROPHES_RE = re.compile(r"['`\u00b4\u2018\u2019\u02bc\u02bb\u02b9\u02be\u02bf]")
_DOTTED_RE = re.compile(r"(?<![a-z0-9])(?:[a-z0-9]\.){1,}[a-z0-9](?![a-z0-9])\.?")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_ARABIC_ARTICLE_RE = re.compile(r"(?<![\u0621-\u064a])\u0627\u0644(?=[\u0621-\u064a]{2,})")


def _script_flag(cp: int) -> int:
    if cp < 0x0370:
        return 0
    if 0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return FLAG_ABJAD  # Hebrew, Arabic, Syriac, Thaana + presentation forms
    if 0x0E00 <= cp <= 0x0EFF or 0x1000 <= cp <= 0x109F or 0x1780 <= cp <= 0x17FF:
        return FLAG_ABJAD  # Thai, Lao, Myanmar, Khmer: anyascii drops inherent vowels
    if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF:
        return FLAG_HAN
    if 0xAC00 <= cp <= 0xD7AF or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return FLAG_HANGUL
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return FLAG_KANA
    if unicodedata.category(chr(cp))[0] == "L":
        return FLAG_OTHER_SCRIPT
    return 0


def _transliterate(text: str) -> tuple[str, int]:
    """NFKC + anyascii, one token per Han/Hangul syllable; returns (ascii, flags)."""
    text = unicodedata.normalize("NFKC", text)
    flags = 0
    parts: list[str] = []
    run_start = 0
    for pos, ch in enumerate(text):
        cp = ord(ch)
        if cp < 0x0370:
            continue
        flag = _script_flag(cp)
        flags |= flag
        if flag & (FLAG_HAN | FLAG_HANGUL):
            parts.append(text[run_start:pos])
            parts.append(" " + anyascii(ch) + " ")
            run_start = pos + 1
    if not flags:
        return anyascii(text), 0
    parts.append(text[run_start:])
    text = "".join(parts)
    if flags & FLAG_ABJAD:
        text = _ARABIC_ARTICLE_RE.sub(" al ", text)
    return anyascii(text), flags


_HANGUL_FOLD = (("eo", "o"), ("eu", "u"), ("ae", "e"))


def _fold_hangul(token: str) -> str:
    """Revised Romanisation -> closer to the McCune-Reischauer spellings on lists."""
    for a, b in _HANGUL_FOLD:
        token = token.replace(a, b)
    if token[:1] in ("g", "b", "d") and len(token) > 1:
        token = {"g": "k", "b": "p", "d": "t"}[token[0]] + token[1:]
    return token


def _roman_value(token: str) -> int | None:
    if not _ROMAN_RE.match(token):
        return None
    total = 0
    prev = 0
    for ch in reversed(token):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


def _numbers(tokens: list[str], roman: bool) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        value: int | None = None
        if t in _TENS:
            value = _TENS[t]
            nxt = tokens[i + 1] if i + 1 < n else ""
            if nxt in _UNITS and _UNITS[nxt] > 0:
                value += _UNITS[nxt]
                i += 1
            elif nxt.isdigit() and len(nxt) == 1 and nxt != "0":
                value += int(nxt)
                i += 1
        elif t in _UNITS:
            value = _UNITS[t]
        elif t in _TEENS:
            value = _TEENS[t]
        elif t in _ORDINALS:
            value = _ORDINALS[t]
        else:
            m = _ORDINAL_SUFFIX_RE.match(t)
            if m:
                value = int(m.group(1))
            elif roman and len(out) > 0:
                value = _roman_value(t)
        out.append(str(value) if value is not None else t)
        i += 1
    return out


def _peel_legal_forms(tokens: list[str]) -> list[str]:
    """Replace leading and trailing legal forms by their family code.

    At least one token that is not a legal form must remain, else nothing changes.
    """
    n = len(tokens)
    end_codes: list[str] = []
    end = n
    while end > 0:
        for size in range(min(_MAX_FORM_WORDS, end), 0, -1):
            code = LEGAL_FORMS.get(" ".join(tokens[end - size : end]))
            if code is not None:
                end_codes.append(code)
                end -= size
                break
        else:
            break
    start_codes: list[str] = []
    start = 0
    while start < end:
        for size in range(min(_MAX_FORM_WORDS, end - start), 0, -1):
            code = LEGAL_FORMS.get(" ".join(tokens[start : start + size]))
            if code is not None:
                start_codes.append(code)
                start += size
                break
        else:
            break
    if start >= end:
        return tokens
    if not start_codes and not end_codes:
        return tokens
    return start_codes + tokens[start:end] + end_codes[::-1]


_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _is_forms_only(text: str) -> bool:
    """True when ``text`` is only legal forms or suffixes ("Ltd.", "L.L.C.", "Jr.")."""
    words = _NON_ALNUM_RE.sub(" ", text.replace(".", "")).split()
    i = 0
    while i < len(words):
        if words[i] in _NAME_SUFFIXES:
            i += 1
            continue
        for size in range(min(_MAX_FORM_WORDS, len(words) - i), 0, -1):
            if " ".join(words[i : i + size]) in LEGAL_FORMS:
                i += size
                break
        else:
            return False
    return True


@dataclass(frozen=True, slots=True)
class NormalisedName:
    tokens: tuple[str, ...]
    flags: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _is_person(kind: EntityKind | None) -> bool:
    return kind == EntityKind.PERSON


def _is_thing(kind: EntityKind | None) -> bool:
    return kind in (EntityKind.ORGANISATION, EntityKind.VESSEL, EntityKind.AIRCRAFT)


def analyse_name(text: str, kind: EntityKind | None = None) -> NormalisedName:
    """Normalise a written name into tokens, keeping the script flags."""
    if not text:
        return NormalisedName((), 0)
    if text.isascii():
        flags = 0
    else:
        text, flags = _transliterate(text)
    text = text.lower()
    text = _APOSTROPHES_RE.sub("", text)
    text = text.replace("&", " and ").replace('"', " ")
    person = _is_person(kind)
    # "SURNAME, Given" -> "Given SURNAME"
    if text.count(",") == 1 and not _is_thing(kind):
        head, tail = text.split(",")
        if head.strip() and tail.strip() and not _is_forms_only(tail):
            text = tail + " " + head
    if person:
        text = text.replace(".", " ")
    else:
        text = _DOTTED_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    tokens = _NON_ALNUM_RE.sub(" ", text).split()
    if not tokens:
        return NormalisedName((), flags)
    tokens = [_LEET_RE.match(t) and t.translate(_LEET) or t for t in tokens]
    if flags & FLAG_HANGUL and not flags & ~(FLAG_HANGUL | FLAG_HAN):
        tokens = [_fold_hangul(t) for t in tokens]
    # leading courtesy titles (whatever the script: the output must normalise to itself)
    while len(tokens) > 1:
        if len(tokens) > 2 and " ".join(tokens[:2]) in TITLES:
            tokens = tokens[2:]
        elif tokens[0] in TITLES:
            tokens = tokens[1:]
        else:
            break
    if not person:
        tokens = _numbers(tokens, roman=_is_thing(kind))
        tokens = _peel_legal_forms(tokens)
    return NormalisedName(tuple(tokens), flags)


@lru_cache(maxsize=65536)
def _normalise_cached(text: str, kind: EntityKind | None) -> NormalisedName:
    return analyse_name(text, kind)


def normalise_name(text: str, kind: EntityKind | None = None) -> str:
    """The comparable form of a name: lower-case ASCII words separated by one space."""
    return analyse_name(text, kind).text


def name_key(text: str, kind: EntityKind | None = None) -> str:
    """An order-insensitive fingerprint: the normalised words, sorted."""
    return " ".join(sorted(analyse_name(text, kind).tokens))


def legal_form_family(token: str) -> str | None:
    """The family code of a one-word legal form ("gmbh" -> "llc"), else None."""
    return LEGAL_FORMS.get(token)
