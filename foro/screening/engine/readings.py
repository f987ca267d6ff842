"""Readings of a name written in another script: the Latin spellings it may have on a list.

A name in Latin letters has one reading, its normalisation (``normalise.analyse_name``).
A name in another script is first transliterated by ``anyascii`` (the *plain* reading),
which gives one romanisation where lists use several. :func:`readings` adds, per script:

* Cyrillic that reads as a Korean name (Kontsevich syllables, "Ким Чен Ын"): the name in
  the DPRK's spelling ("kim jong un") and in the South Korean popular one ("kim jung eun"),
  see ``korean``;
* Hangul: the same two spellings (the plain reading is the Revised Romanisation, folded);
* Han characters (hanja or hanzi): the Korean reading of the characters in the same two
  spellings, besides the plain (Mandarin pinyin) reading;
* Arabic script: a reading with the long vowels that anyascii drops (alif "a", waw "u",
  ya "i"), ayn as a vowel, ta marbuta "a", and a vowel after the first consonant (no Arabic
  word starts with two consonants): "محمد علي" -> "mahmd ali" besides "mhmd ly". Both
  keep the script flag, so that their words are also compared on consonant skeletons.

At most :data:`MAX_READINGS` readings, the plain one first. A match found through another
reading says so in the hit's explanation ("read as ...").

Limits: Japanese names in kanji or kana, and Chinese names in Cyrillic (Palladius), get no
other reading; Arabic vowels are not known, only the long ones and the first are written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import korean
from .model import EntityKind
from .normalise import FLAG_ABJAD, FLAG_HANGUL, NormalisedName, analyse_name
from .scoring import Prepared, prepare, weigh, word_class
from .weights import TokenWeights

#: readings of one name at most (the plain one included)
MAX_READINGS = 8


@dataclass(frozen=True, slots=True)
class Reading:
    name: NormalisedName
    #: how the name was read: "" for the plain transliteration, else e.g. "Korean"
    label: str = ""
    #: the plain reading's words spelled otherwise, one for one (not another language):
    #: a word weighs no more than the plain word it respells (see :func:`prepare_all`)
    respelling: bool = False
    #: the name score through this reading counts this much (:data:`FACTORS`)
    factor: float = 1.0


#: How much a name score found through a reading other than the plain one counts, by
#: label: a reading is a guess (of the language, or of the vowels), and every reading
#: added is one more chance of a false alert. Set on the false alerts of the invented
#: people of yente's negatives_global (benchmarks/RESULTS.md): without them the
#: readings raised false alerts on names in Han, Hangul and Arabic script by half.
FACTORS = {
    "Korean name in Cyrillic": 0.95,
    "Korean": 0.95,
    "Korean reading of the characters": 0.85,
    "with vowels": 0.92,
}


def readings(text: str, kind: EntityKind | None = None) -> tuple[Reading, ...]:
    """The readings of a written name, the plain one first (see the module docstring)."""
    if text.isascii():
        return (Reading(analyse_name(text, kind)),)
    return _readings(text, kind)


_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NOT_LETTER_RE = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def _readings(text: str, kind: EntityKind | None) -> tuple[Reading, ...]:
    plain = analyse_name(text, kind)
    out = [Reading(plain)]
    seen = {plain.tokens}

    def add(latin: str | None, flags: int, label: str, respelling: bool) -> None:
        if latin is None or len(out) >= MAX_READINGS:
            return
        nn = analyse_name(latin, kind)
        if nn.tokens and nn.tokens not in seen:
            seen.add(nn.tokens)
            respelling = respelling and len(nn.tokens) == len(plain.tokens)
            name = NormalisedName(nn.tokens, flags)
            out.append(Reading(name, label, respelling, FACTORS.get(label, 1.0)))

    if kind in (EntityKind.PERSON, EntityKind.UNKNOWN, None):
        bare = _NOT_LETTER_RE.sub(" ", text)
        words: list[list[korean.Syllable]] | None = None
        label = ""
        if _CYRILLIC_RE.search(text):
            words, label = korean.cyrillic_words(bare), "Korean name in Cyrillic"
        elif _HANGUL_RE.search(text):
            words, label = korean.hangul_words(bare), "Korean"
        elif _HAN_RE.search(text):
            words, label = korean.hanja_words(bare), "Korean reading of the characters"
        if words:
            hangul = label == "Korean"  # the plain reading is Korean already
            for system in korean.SYSTEMS:
                add(korean.spell(words, system), FLAG_HANGUL, label, hangul)
    if _ARABIC_RE.search(text):
        add(arabic_vowelled(text), plain.flags | FLAG_ABJAD, "with vowels", True)
    return tuple(out)


def prepare_all(
    text: str, kind: EntityKind | None, weights: TokenWeights
) -> list[tuple[Prepared, Reading]]:
    """The readings of a name prepared for scoring (``scoring.prepare``).

    A respelling's words weigh no more than the plain words they respell: "mahmd" is as
    common a name as "mhmd" ("Muhammad"), though the lists never spell it so.
    """
    rs = readings(text, kind)
    person = kind == EntityKind.PERSON
    plain = rs[0].name.tokens
    out: list[tuple[Prepared, Reading]] = []
    for r in rs:
        if not r.respelling:
            out.append((prepare(r.name, kind, weights), r))
            continue
        tokens = r.name.tokens
        classes = [word_class(t, person) for t in tokens]
        rarity = [
            min(weights.weight(t), weights.weight(u)) for t, u in zip(tokens, plain, strict=True)
        ]
        out.append((weigh(tokens, classes, rarity, r.name.flags, person), r))
    return out


# ------------------------------------------------------------------ Arabic

_AR_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ڤ": "v",
}  # fmt: skip
_AR_VOWELS = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ى": "a", "ة": "a", "ۀ": "a",
              "ؤ": "u", "ئ": "i"}  # fmt: skip
_AR_MARKS = {"\u064e": "a", "\u064f": "u", "\u0650": "i", "\u0670": "a"}
_AR_SILENT = frozenset("ء\u064b\u064c\u064d\u0652\u0640")  # hamza, tanwin, sukun, tatweel
_SHADDA = "\u0651"
_WAW, _YA, _YA_FA, _AYN = "و", "ي", "ی", "ع"
_VOWEL_LETTERS = frozenset("اأإآٱىةۀؤئ")
_ALLAH = "الله"


def _arabic_word(word: str) -> str:
    """One Arabic word in Latin letters with the vowels its letters show."""
    out: list[str] = []  # pieces; a piece is a vowel if it is one of "aiu"
    n = len(word)

    def prev_vowel() -> bool:
        return not out or out[-1] in ("a", "i", "u")

    for k, ch in enumerate(word):
        nxt = word[k + 1] if k + 1 < n else ""
        if ch in _AR_CONSONANTS:
            out.append(_AR_CONSONANTS[ch])
        elif ch in _AR_VOWELS:
            v = _AR_VOWELS[ch]
            if not (out and out[-1] == v):
                out.append(v)
        elif ch in _AR_MARKS:
            if not (out and out[-1] == _AR_MARKS[ch]):
                out.append(_AR_MARKS[ch])
        elif ch == _SHADDA:
            if out and not prev_vowel():
                out.append(out[-1])
        elif ch in (_WAW, _YA, _YA_FA):
            vowel = "u" if ch == _WAW else "i"
            glide = "w" if ch == _WAW else "y"
            # a vowel after a consonant, before a consonant or at the end; else a glide
            if out and not prev_vowel() and (not nxt or nxt in _AR_CONSONANTS):
                out.append(vowel)
            else:
                out.append(glide)
        elif ch == _AYN:
            # ayn carries a vowel unless a vowel letter is next to it
            if not (nxt in _VOWEL_LETTERS or (out and out[-1] == "a")):
                out.append("a")
        elif ch in _AR_SILENT:
            continue
        else:
            out.append(ch)
    # no Arabic word starts with two consonants: a vowel after the first
    if len(out) >= 2 and out[0] not in ("a", "i", "u") and out[1] not in ("a", "i", "u"):
        out.insert(1, "a")
    return "".join(out)


def arabic_vowelled(text: str) -> str | None:
    """The name with the Arabic words spelled with their long vowels (other words kept)."""
    words: list[str] = []
    changed = False
    for word in text.split():
        if not _ARABIC_RE.search(word):
            words.append(word)
            continue
        changed = True
        prefix = ""
        if word.endswith(_ALLAH) and len(word) > len(_ALLAH):  # عبدالله
            prefix, word = _arabic_word(word[: -len(_ALLAH)]) + " ", _ALLAH
        if word == _ALLAH:
            words.append(prefix + "allah")
            continue
        if word.startswith("ال") and len(word) > 3:  # the article
            words.append(prefix + "al " + _arabic_word(word[2:]))
        else:
            words.append(prefix + _arabic_word(word))
    return " ".join(words) if changed else None
