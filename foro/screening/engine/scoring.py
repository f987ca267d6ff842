"""Name similarity and the combination of a name score with the other evidence.

Name score
----------
Both names are normalised into words. Each word gets a weight: name words by how rare
they are on the lists (``weights``), and fixed lower weights for particles ("al", "bin",
"van"), legal forms, initials and a leading run of honorifics. Words are then aligned
one to one, in any order, greedily by similarity:

* word similarity is the best of: the optimal-string-alignment (Damerau) similarity;
  the same on a phonetic folding that equates common transliteration variants
  (ph/f, ou/u, y/i, kh/h, z/s, c/k, double letters, final e...) at 0.95; an initial
  against a word it begins (0.9); for a name written in Arabic, Hebrew, Thai, Khmer...
  against a Latin one, the similarity of the consonant skeletons at 0.9;
  legal forms match by family; numbers only when equal;
* adjacent words may be joined to match one word ("Xi Jin Ping" ~ "Xi Jinping",
  "Abd al Rahman" ~ "Abdulrahman"), and a short word may be the initials of adjacent
  words ("JC" ~ "Jean Claude", "PLA" ~ "People's Liberation Army");
* pairs under ``MIN_WORD_SIMILARITY`` are not matched.

With M the weight matched (times the pair's similarity), I the weight lost to imperfect
pairs, C the *conflicting* weight (unmatched on both sides: min of the two) and E the
*extra* weight (unmatched on one side only: the rest)::

    score = M / (M + I + CONFLICT * C + EXTRA[kind] * E)

A word missing on one side (a middle name, a patronymic, "Trust") costs less than a
word that differs ("Bashar al-Assad" / "Hafez al-Assad"), except beside a name written in
Han or Hangul syllables, where a syllable more is another given name (``EXTRA_SYLLABLE``).
Two adjacent letters swapped count as half an edit (``TRANSPOSITION_COST``). Unmatched numbers always
count as conflict ("Company 1" / "Company 2"), or as a heavy extra when only one side
has a number.

The combination of the name score with the other evidence (type, birth date, country,
identifiers) is in ``evidence``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from .model import EntityKind
from .normalise import (
    FLAG_ABJAD,
    FLAG_HAN,
    FLAG_HANGUL,
    HONORIFICS,
    LEGAL_FORMS,
    PARTICLE_GROUP,
    PARTICLES,
    NormalisedName,
)
from .weights import TokenWeights

# ---------------------------------------------------------------- parameters
MIN_WORD_SIMILARITY = 0.70
PHONETIC_FACTOR = 0.95
INITIAL_SIMILARITY = 0.90
SKELETON_FACTOR = 0.95  # three consonants or more; 0.9 for two, 0.8 for one
JOIN_MIN_SIMILARITY = 0.85
ABBREVIATION_SIMILARITY = 0.85  # "intl" ~ "international" (not in person names)
FORM_TYPO_MIN = 0.85  # "aktiengeselschaft" ~ the legal form "aktiengesellschaft"

VOWEL_FACTOR = 0.90
IMPERFECT = 2.0
CONFLICT = 2.0
EXTRA_PERSON = 0.20
#: two adjacent letters swapped count as half an edit: a slip of the hand ("Lakahl" ~
#: "Lakhal", "Jamli" ~ "Jamil"), seldom another name
TRANSPOSITION_COST = 0.5
#: a word left over beside a name in Han or Hangul syllables: part of a given name
#: ("丽丽 张" ~ "ZHANG, Lei", "瑜 王" ~ "YU, Kwang Ho"), never an optional middle name
EXTRA_SYLLABLE = 1.0
EXTRA_OTHER = 0.50
EXTRA_NUMBER = 0.60
NUMBER_CONFLICT = 3.0
INITIALS_ONLY_FACTOR = 0.80

W_PARTICLE = 0.25
W_HONORIFIC = 0.30
W_FORM = 0.30
W_INITIAL = 0.50
W_NUMBER = 1.0

# classes of words
NORMAL, PARTICLE, HONORIFIC, FORM, INITIAL, NUMBER = range(6)
_CONTENT = (NORMAL, INITIAL, NUMBER, HONORIFIC)

_FORM_CROSS = {
    frozenset(("llc", "jsc")): 0.6,
    frozenset(("llc", "corp")): 0.8,
    frozenset(("jsc", "corp")): 0.8,
    frozenset(("llc", "lp")): 0.6,
}
_FORM_OTHER = 0.4

# ---------------------------------------------------------------- phonetics

_FOLD_RE = re.compile(
    "sch|tch|dzh|dj|zh|ph|kh|gh|dh|th|ck|ch|sh|ou|oo|ee|ie|ei|ey|ay|ue|oe|ae|ce|ci|cy|c|q|w|y|z|x"
)
_FOLD_MAP = {
    "sch": "s",
    "tch": "ch",
    "dzh": "j",
    "dj": "j",
    "zh": "j",
    "ph": "f",
    "kh": "h",
    "gh": "g",
    "dh": "d",
    "th": "t",
    "ck": "k",
    "ch": "ch",
    "sh": "s",
    "ou": "u",
    "oo": "u",
    "ee": "i",
    "ie": "i",
    "ei": "i",
    "ey": "i",
    "ay": "ai",
    "ue": "u",
    "oe": "o",
    "ae": "e",
    "ce": "se",
    "ci": "si",
    "cy": "si",
    "c": "k",
    "q": "k",
    "w": "v",
    "y": "i",
    "z": "s",
    "x": "ks",
}
_DOUBLE_RE = re.compile(r"(.)\1+")
_SKELETON_MAP = str.maketrans(
    {"a": None, "e": None, "i": None, "o": None, "u": None, "v": None, "p": "b"}
)
_SKELETON_KEEP_V = str.maketrans({"a": None, "e": None, "i": None, "o": None, "u": None, "p": "b"})
_VOWEL_RUN_RE = re.compile(r"[aeiou]+")
_J_AFTER_VOWEL_RE = re.compile(r"(?<=[aeiou])j(?![aeiou])")


@lru_cache(maxsize=1 << 18)
def fold(token: str) -> str:
    """A phonetic folding of a Latin word that equates common spelling variants."""
    if token.isdigit():
        return token
    t = token
    if t.startswith("x"):  # pinyin x ~ s
        t = "s" + t[1:]
    elif t.startswith("hs") and len(t) > 2 and t[2] in "aeiouy":  # Wade-Giles hs ~ s
        t = "s" + t[2:]
    t = _J_AFTER_VOWEL_RE.sub("i", t)  # Sergej, Andrej: j as a glide
    t = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], t)
    t = _DOUBLE_RE.sub(r"\1", t)
    if len(t) > 3 and (t[-1] == "e" or (t[-1] == "h" and t[-2] in "aeiou")):
        t = t[:-1]
    return t


@lru_cache(maxsize=1 << 18)
def skeleton(token: str, keep_v: bool = False) -> str:
    """Consonant skeleton for comparing with vowel-less transliterations (Arabic, Hebrew).

    Vowels go, p is b (Arabic has no p); w/v go too unless ``keep_v`` (they are a
    consonant or a long vowel: compare both ways).
    """
    t = fold(token).translate(_SKELETON_KEEP_V if keep_v else _SKELETON_MAP)
    t = _DOUBLE_RE.sub(r"\1", t)
    if len(t) > 1 and t.endswith("h"):
        t = t[:-1]
    return t


# ---------------------------------------------------------------- prepared names


@dataclass(slots=True)
class Prepared:
    tokens: tuple[str, ...]
    classes: tuple[int, ...]
    weights: tuple[float, ...]
    families: tuple[str | None, ...]
    abjad: bool
    person: bool
    total: float
    #: Han or Hangul: syllables whose vowels matter (no vowel-insensitive comparison)
    syllabic: bool = False


def word_class(token: str, person: bool) -> int:
    if any(ch.isdigit() for ch in token):
        return NUMBER
    if len(token) == 1:
        return INITIAL
    if not person and token in LEGAL_FORMS:
        return FORM
    if token in PARTICLES:
        return PARTICLE
    return NORMAL


#: the fixed weights of the word classes; a NORMAL word weighs its rarity (``weights``)
CLASS_WEIGHTS: dict[int, float] = {
    PARTICLE: W_PARTICLE,
    HONORIFIC: W_HONORIFIC,
    FORM: W_FORM,
    INITIAL: W_INITIAL,
    NUMBER: W_NUMBER,
}


def class_weight(word_cls: int, rarity: float) -> float:
    """The weight of a word of class ``word_cls`` whose rarity weight is ``rarity``."""
    return rarity if word_cls == NORMAL else CLASS_WEIGHTS[word_cls]


def weigh(
    tokens: tuple[str, ...],
    classes: list[int],
    rarity: Sequence[float],
    flags: int,
    person: bool,
) -> Prepared:
    """A name's words with their classes and weights: the one rule for a query
    (:func:`prepare`) and for an indexed name (the index, from its vocabulary).

    ``classes`` from :func:`word_class` (updated in place: a leading run of honorifics
    weighs little when at least two other words follow); ``rarity``: each word's rarity
    weight (read for the NORMAL words only); ``flags``: the name's script flags.
    """
    lead = 0
    while lead < len(tokens) and tokens[lead] in HONORIFICS:
        lead += 1
    if lead and len(tokens) - lead >= 2:
        for i in range(lead):
            classes[i] = HONORIFIC
    weights = CLASS_WEIGHTS
    ws = [rarity[i] if c == NORMAL else weights[c] for i, c in enumerate(classes)]
    fams = tuple(
        [LEGAL_FORMS.get(t) if c == FORM else None for t, c in zip(tokens, classes, strict=True)]
    )
    return Prepared(
        tokens,
        tuple(classes),
        tuple(ws),
        fams,
        bool(flags & FLAG_ABJAD),
        person,
        sum(ws),
        bool(flags & (FLAG_HAN | FLAG_HANGUL)),
    )


def prepare(name: NormalisedName, kind: EntityKind | None, weights: TokenWeights) -> Prepared:
    person = kind == EntityKind.PERSON
    tokens = name.tokens
    classes = [word_class(t, person) for t in tokens]
    rarity = [
        weights.weight(t) if c == NORMAL else 0.0 for t, c in zip(tokens, classes, strict=True)
    ]
    return weigh(tokens, classes, rarity, name.flags, person)


# ---------------------------------------------------------------- word similarity


@lru_cache(maxsize=1 << 18)
def vowel_skeleton(token: str) -> str:
    """The word with doubled letters single and every vowel run written "a".

    Usama/Osama, Laden/Ladin, Mohamed/Muhammad are equal; consonants are not folded
    (Ziad and Saeed stay apart).
    """
    t = _DOUBLE_RE.sub(r"\1", token)
    if len(t) > 1:
        t = t[0] + t[1:].replace("y", "a")
    return _VOWEL_RUN_RE.sub("a", t)


@lru_cache(maxsize=1 << 20)
def text_similarity(a: str, b: str, cross_abjad: bool = False, vowels: bool = True) -> float:
    """Similarity of two plain words (no class rules).

    ``vowels``: also compare with vowels equated (off for Han/Hangul syllables).
    """
    if a == b:
        return 1.0
    s = OSA.normalized_similarity(a, b)
    if len(a) == len(b) and s < 1.0:
        # each adjacent swap is one OSA edit and two Levenshtein edits
        d = OSA.distance(a, b)
        t = Levenshtein.distance(a, b) - d
        if t > 0:
            s = max(s, 1.0 - (d - (1.0 - TRANSPOSITION_COST) * t) / len(a))
    fa, fb = fold(a), fold(b)
    if fa == fb:
        s = max(s, PHONETIC_FACTOR)
    else:
        s = max(s, PHONETIC_FACTOR * OSA.normalized_similarity(fa, fb))
        if vowels and s < VOWEL_FACTOR and len(a) >= 4 and len(b) >= 4:
            s = max(
                s, VOWEL_FACTOR * OSA.normalized_similarity(vowel_skeleton(a), vowel_skeleton(b))
            )
    if cross_abjad:
        for keep_v in (False, True):
            ka, kb = skeleton(a, keep_v), skeleton(b, keep_v)
            if ka and kb:
                shortest = min(len(ka), len(kb))
                factor = SKELETON_FACTOR if shortest >= 3 else 0.9 if shortest == 2 else 0.8
                s = max(s, factor * OSA.normalized_similarity(ka, kb))
    return s


_FORM_WORDS: dict[str, tuple[str, ...]] = {}
for _form, _family in LEGAL_FORMS.items():
    if " " not in _form and len(_form) >= 4:
        _FORM_WORDS[_family] = (*_FORM_WORDS.get(_family, ()), _form)


@lru_cache(maxsize=1 << 16)
def _form_typo(word: str, family: str) -> float:
    best = 0.0
    for form in _FORM_WORDS.get(family, ()):
        best = max(best, OSA.normalized_similarity(word, form))
    return best if best >= FORM_TYPO_MIN else 0.0


def is_abbreviation(short: str, long: str) -> bool:
    """True for "intl" of "international".

    Same first and last letter, a subsequence, at most half as long, at most one vowel
    (abbreviations drop vowels: "mfg", "govt", "bros", "natl").
    """
    if len(short) < 3 or len(long) < 2 * len(short):
        return False
    if sum(ch in "aeiou" for ch in short) > 1:
        return False
    if short[0] != long[0] or short[-1] != long[-1]:
        return False
    pos = 0
    for ch in short:
        pos = long.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def word_similarity(a: Prepared, i: int, b: Prepared, j: int, cross_abjad: bool) -> float:
    ta, tb = a.tokens[i], b.tokens[j]
    ca, cb = a.classes[i], b.classes[j]
    if ca == NUMBER or cb == NUMBER:
        return 1.0 if ta == tb else 0.0
    if ca == FORM or cb == FORM:
        fa = a.families[i] if ca == FORM else LEGAL_FORMS.get(ta)
        fb = b.families[j] if cb == FORM else LEGAL_FORMS.get(tb)
        if fa is None and fb is not None and ca == NORMAL and len(ta) >= 5:
            return _form_typo(ta, fb)
        if fb is None and fa is not None and cb == NORMAL and len(tb) >= 5:
            return _form_typo(tb, fa)
        if fa is None or fb is None:
            return 0.0
        if fa == fb:
            return 1.0
        return _FORM_CROSS.get(frozenset((fa, fb)), _FORM_OTHER)
    if ta == tb:
        return 1.0
    if ca == PARTICLE or cb == PARTICLE:
        if ca == cb and PARTICLE_GROUP[ta] == PARTICLE_GROUP[tb]:
            return 1.0
        return 0.0
    if ca == INITIAL or cb == INITIAL:
        if ca == INITIAL and cb == INITIAL:
            return 0.0
        return INITIAL_SIMILARITY if (ta[0] == tb[0]) else 0.0
    s = text_similarity(ta, tb, cross_abjad, not (a.syllabic or b.syllabic))
    if (
        s < ABBREVIATION_SIMILARITY
        and not (a.person or b.person)
        and (is_abbreviation(ta, tb) or is_abbreviation(tb, ta))
    ):
        s = ABBREVIATION_SIMILARITY
    return s


# ---------------------------------------------------------------- alignment


#: word positions in a name (one word, or adjacent words joined)
Span = tuple[int, ...]
#: a pair the alignment may form: (similarity, weight of both sides, words of a, words of b)
Candidate = tuple[float, float, Span, Span]
#: a pair the alignment formed: (words of a, words of b, similarity)
Pair = tuple[Span, Span, float]
#: word similarities of single pairs: (position in a, position in b) -> similarity
Sims = dict[tuple[int, int], float]
#: adjacent words that may be joined: (start, end, joined, initials, every word longer
#: than one letter); see :func:`join_spans`
JoinSpan = tuple[int, int, str, str, bool]


@dataclass(slots=True)
class Alignment:
    score: float
    pairs: list[Pair]


def _join_candidates(
    a: Prepared,
    b: Prepared,
    cross_abjad: bool,
    best_single: Sims,
    free_a: set[int],
    free_b: set[int],
) -> list[Pair]:
    """Spans of 2-3 adjacent words on one side matching one word on the other.

    Only words left unmatched or imperfectly matched by the one-to-one pass take part.
    """
    out: list[Pair] = []
    vowels = not (a.syllabic or b.syllabic)
    for x, y, flip, free_x, free_y in ((a, b, False, free_a, free_b), (b, a, True, free_b, free_a)):
        targets = [j for j in free_y if y.classes[j] == NORMAL]
        if not targets:
            continue
        for start, end, joined, initials, init_ok in join_spans(x):
            if not all(k in free_x for k in range(start, end)):
                continue
            span = tuple(range(start, end))
            for j in targets:
                ty = y.tokens[j]
                s = 0.0
                if len(ty) == end - start and ty == initials and init_ok:
                    s = INITIAL_SIMILARITY
                elif abs(len(ty) - len(joined)) <= 3:
                    s = text_similarity(joined, ty, cross_abjad, vowels)
                if s < JOIN_MIN_SIMILARITY:
                    continue
                singles = max(best_single.get((k, j) if not flip else (j, k), 0.0) for k in span)
                if s <= singles:
                    continue
                if flip:
                    out.append(((j,), span, s))
                else:
                    out.append((span, (j,), s))
    return out


def align(a: Prepared, b: Prepared, extra_factor: float | None = None) -> Alignment:
    if not a.tokens or not b.tokens:
        return Alignment(0.0, [])
    sims, cands = single_pairs(a, b)
    return align_pairs(a, b, sims, cands, extra_factor)


def single_pairs(a: Prepared, b: Prepared) -> tuple[Sims, list[Candidate]]:
    """The first step of :func:`align`: word similarities, and the pairs that may match."""
    na, nb = len(a.tokens), len(b.tokens)
    cross_abjad = a.abjad != b.abjad
    sims: Sims = {}
    cands: list[Candidate] = []
    for i in range(na):
        for j in range(nb):
            s = word_similarity(a, i, b, j, cross_abjad)
            sims[(i, j)] = s
            if s >= MIN_WORD_SIMILARITY or (s > 0.0 and FORM in (a.classes[i], b.classes[j])):
                cands.append((s, a.weights[i] + b.weights[j], (i,), (j,)))
    return sims, cands


def align_pairs(
    a: Prepared,
    b: Prepared,
    sims: Sims,
    cands: list[Candidate],
    extra_factor: float | None = None,
) -> Alignment:
    """The rest of :func:`align`, from :func:`single_pairs` (``cands`` is reordered)."""
    na, nb = len(a.tokens), len(b.tokens)
    cross_abjad = a.abjad != b.abjad
    pairs = _greedy(cands, na, nb)
    if na > 1 or nb > 1:
        pa = {i for i in range(na) if a.classes[i] == PARTICLE}
        pb = {j for j in range(nb) if b.classes[j] == PARTICLE}
        free_a = set(range(na))
        free_b = set(range(nb))
        for sa, sb, s in pairs:
            if s >= 1.0:
                free_a.difference_update(i for i in sa if i not in pa)
                free_b.difference_update(j for j in sb if j not in pb)
        if free_a and free_b:
            joins = _join_candidates(a, b, cross_abjad, sims, free_a, free_b)
            if joins:
                for sa, sb, s in joins:
                    w = sum(a.weights[i] for i in sa) + sum(b.weights[j] for j in sb)
                    cands.append((s, w, sa, sb))
                pairs = _greedy(cands, na, nb, (pa, pb))
    return Alignment(_score(a, b, pairs, extra_factor), pairs)


# The bound below needs these relations between the parameters (see its docstring).
assert 2.0 * max(EXTRA_PERSON, EXTRA_OTHER) <= CONFLICT
assert 2.0 * EXTRA_NUMBER <= NUMBER_CONFLICT


def may_reach(
    a: Prepared,
    b: Prepared,
    cands: list[Candidate],
    tau: float,
    a_spans: list[JoinSpan] | None = None,
) -> bool:
    """False only when ``align(a, b).score < tau`` for certain; ``cands`` from
    :func:`single_pairs`, ``a_spans`` optionally ``join_spans(a)`` (for reuse).
    Cheaper than the alignment: no greedy matching, no score.

    An upper bound of the score. Write the score per word: a word of weight v in a pair
    of similarity s adds s·v/2 to the matched weight M and IMPERFECT·(1-s)·v/2 to the
    penalty; words left unmatched add at least x·v (x: the extra factor; EXTRA_NUMBER
    for numbers) plus, for the non-numbers, (CONFLICT - 2x)·min(ua, ub), ua and ub the
    unmatched weights of each side (joined spans' surplus only adds conflict). A word's
    similarity is at most the best similarity of any pair align may form with it: its
    single pairs, and every span of 2-3 adjacent words joined against one word (the
    free-word restriction of the alignment dropped). Dropping the one-to-one constraint
    too, the largest ratio M / (M + penalty) over independent choices per word (paired
    at its best similarity, or unmatched) bounds the score from above, and it is at
    least tau iff max over the choices of M - tau·(M + penalty) >= 0; the min() term
    splits that maximum into two sums of independent per-word maxima. The content-word
    check and the initials-only factor only lower the score.
    """
    if tau <= 0.0:
        return True
    na, nb = len(a.tokens), len(b.tokens)
    al = [0.0] * na
    be = [0.0] * nb
    for s, _w, sa, sb in cands:
        i = sa[0]
        j = sb[0]
        if s > al[i]:
            al[i] = s
        if s > be[j]:
            be[j] = s
    x = EXTRA_PERSON if (a.person or b.person) else EXTRA_OTHER
    if _bound_test(a, b, al, be, tau, x):
        return True
    # joins only raise the bounds: needed only when the single pairs fall short
    if (na > 1 or nb > 1) and _join_bounds(a, b, al, be, a_spans):
        return _bound_test(a, b, al, be, tau, x)
    return False


def _bound_test(
    a: Prepared, b: Prepared, al: list[float], be: list[float], tau: float, x: float
) -> bool:
    kappa = tau * (CONFLICT - 2.0 * x)
    tx = tau * x
    tn = tau * EXTRA_NUMBER
    half_imp = IMPERFECT / 2.0
    pa = ca = pb = cb = 0.0
    for side in (0, 1):
        p, sims = (a, al) if side == 0 else (b, be)
        plain = coupled = 0.0
        classes = p.classes
        for k, v in enumerate(p.weights):
            if classes[k] == NUMBER:
                un = unc = -tn * v
            else:
                un = -tx * v
                unc = un - kappa * v
            s = sims[k]
            if s > 0.0:
                g = v * (0.5 * s - tau * (0.5 * s + half_imp * (1.0 - s)))
                plain += g if g > un else un
                coupled += g if g > unc else unc
            else:
                plain += un
                coupled += unc
        if side == 0:
            pa, ca = plain, coupled
        else:
            pb, cb = plain, coupled
    return ca + pb >= -1e-9 or pa + cb >= -1e-9


_JOINABLE = frozenset((NORMAL, PARTICLE, INITIAL, HONORIFIC))


def join_spans(p: Prepared) -> list[JoinSpan]:
    """Runs of 2-3 adjacent joinable words: (start, end, joined, initials, every word
    longer than one letter). The one rule of which words may be joined: the alignment
    (:func:`_join_candidates`), its bound and the index's lookups read it."""
    out: list[JoinSpan] = []
    classes = p.classes
    toks = p.tokens
    n = len(toks)
    for start in range(n - 1):
        if classes[start] not in _JOINABLE or classes[start + 1] not in _JOINABLE:
            continue
        t0, t1 = toks[start], toks[start + 1]
        out.append((start, start + 2, t0 + t1, t0[0] + t1[0], len(t0) > 1 and len(t1) > 1))
        if start + 2 < n and classes[start + 2] in _JOINABLE:
            t2 = toks[start + 2]
            out.append(
                (
                    start,
                    start + 3,
                    t0 + t1 + t2,
                    t0[0] + t1[0] + t2[0],
                    len(t0) > 1 and len(t1) > 1 and len(t2) > 1,
                )
            )
    return out


def _join_bounds(
    a: Prepared, b: Prepared, al: list[float], be: list[float], a_spans: list[JoinSpan] | None
) -> bool:
    """Raise the per-word bounds by every join :func:`_join_candidates` could form,
    whatever the words left free; True when a bound was raised."""
    cross_abjad = a.abjad != b.abjad
    vowels = not (a.syllabic or b.syllabic)
    raised = False
    for x, y, bx, by, spans in ((a, b, al, be, a_spans), (b, a, be, al, None)):
        yc = y.classes
        yt = y.tokens
        targets = [j for j in range(len(yt)) if yc[j] == NORMAL]
        if not targets:
            continue
        if spans is None:
            spans = join_spans(x)
        for start, end, joined, initials, init_ok in spans:
            size = end - start
            lj = len(joined)
            for j in targets:
                ty = yt[j]
                if len(ty) == size and ty == initials and init_ok:
                    s = INITIAL_SIMILARITY
                elif -3 <= len(ty) - lj <= 3:
                    s = text_similarity(joined, ty, cross_abjad, vowels)
                else:
                    continue
                if s < JOIN_MIN_SIMILARITY:
                    continue
                for k in range(start, end):
                    if s > bx[k]:
                        bx[k] = s
                        raised = True
                if s > by[j]:
                    by[j] = s
                    raised = True
    return raised


def _greedy(
    cands: list[Candidate], na: int, nb: int, particles: tuple[set[int], set[int]] | None = None
) -> list[Pair]:
    # best similarity first; pairs of particles ("al" ~ "el") last, so that they do not
    # take a word that a joined span needs ("Abd al Rahman" ~ "Abdulrahman")
    if particles is None:
        cands.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    else:
        pa, pb = particles
        cands.sort(
            key=lambda c: (
                len(c[2]) == 1 and len(c[3]) == 1 and c[2][0] in pa and c[3][0] in pb,
                -c[0],
                -c[1],
                c[2],
                c[3],
            )
        )
    used_a = [False] * na
    used_b = [False] * nb
    pairs: list[Pair] = []
    for s, _w, sa, sb in cands:
        if any(used_a[i] for i in sa) or any(used_b[j] for j in sb):
            continue
        for i in sa:
            used_a[i] = True
        for j in sb:
            used_b[j] = True
        pairs.append((sa, sb, s))
    return pairs


def _score(a: Prepared, b: Prepared, pairs: list[Pair], extra_factor: float | None) -> float:
    matched = 0.0
    imperfect = 0.0
    used_a: set[int] = set()
    used_b: set[int] = set()
    # words joined to match one word could also be the counterparts of words left
    # unmatched on the other side ("Baran Azizi" joined vs "Perence" + "Shiri"):
    # the joined-away words count towards conflict, never as extra
    surplus_a = surplus_b = 0.0
    for sa, sb, s in pairs:
        wa = [a.weights[i] for i in sa]
        wb = [b.weights[j] for j in sb]
        w = (sum(wa) + sum(wb)) / 2.0
        matched += s * w
        imperfect += IMPERFECT * (1.0 - s) * w
        used_a.update(sa)
        used_b.update(sb)
        if len(wa) > 1:
            surplus_a += sum(wa) - max(wa)
        if len(wb) > 1:
            surplus_b += sum(wb) - max(wb)
    if matched <= 0.0:
        return 0.0
    # at least one content word must match: legal forms, particles and honorifics alone
    # ("AB" ~ "PAT", "al" ~ "el") are no evidence
    if not any(a.classes[i] in _CONTENT for sa, _sb, _s in pairs for i in sa) or not any(
        b.classes[j] in _CONTENT for _sa, sb, _s in pairs for j in sb
    ):
        return 0.0
    ua = ub = 0.0
    num_a = num_b = 0.0
    for i, w in enumerate(a.weights):
        if i not in used_a:
            if a.classes[i] == NUMBER:
                num_a += w
            else:
                ua += w
    for j, w in enumerate(b.weights):
        if j not in used_b:
            if b.classes[j] == NUMBER:
                num_b += w
            else:
                ub += w
    if extra_factor is None:
        extra_factor = EXTRA_PERSON if (a.person or b.person) else EXTRA_OTHER
    conflict = min(ua + surplus_a, ub + surplus_b)
    extra = max(0.0, ua + ub - 2.0 * conflict)
    if (a.syllabic or b.syllabic) and extra_factor < EXTRA_SYLLABLE:
        extra_factor = EXTRA_SYLLABLE
    num_conflict = min(num_a, num_b)
    num_extra = max(num_a, num_b) - num_conflict
    penalty = (
        imperfect
        + CONFLICT * conflict
        + extra_factor * extra
        + NUMBER_CONFLICT * num_conflict
        + EXTRA_NUMBER * num_extra
    )
    score = matched / (matched + penalty)
    # a name written only in initials says little: "N.N." is not "Nursultan Nazarbayev"
    if all(a.classes[i] == INITIAL for p in pairs for i in p[0]) or all(
        b.classes[j] == INITIAL for p in pairs for j in p[1]
    ):
        score *= INITIALS_ONLY_FACTOR
    return score
