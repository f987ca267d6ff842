"""Korean names in Latin letters: from Hangul, from hanja and from Cyrillic.

Lists write Korean names in several ways: North Korean people in the DPRK's own
McCune-Reischauer-like spelling ("KIM Jong Un", "RI Pyong Chol", "CHOE Ryong Hae"), South
Korean people in the popular spellings ("Park Ji Sung", "Lee Min Ho"), or in the Revised
Romanisation ("Bak Ji-seong"). A query may be in Hangul, in hanja (Han characters: the
Mandarin reading that transliteration gives, "jin zheng en" for 金正恩, is not how the name
is read), or in Cyrillic after the Kontsevich system or Russian usage ("Ким Чен Ын").

Every source is brought to syllables of Korean letters (jamo: initial, vowel, final), then
written in the spelling systems of the lists (:data:`SYSTEMS`):

* ``dprk``: McCune-Reischauer without diacritics, as the DPRK and the lists write North
  Korean names (ㅓ and ㅗ are "o", ㅡ and ㅜ "u", ㅈ "j", ㅊ "ch", ㄹ at the start "r");
* ``popular``: the usual South Korean spellings, with their surnames (Lee, Park, Choi, Jung...).

Hanja are read with their Korean readings (``data/hanja_korean.txt``, from Unicode's Unihan
kHangul; readings approved for personal names first). Cyrillic is parsed as Kontsevich
syllables; a name is read as Korean only if every word is one or two such syllables and
at least two words are one syllable (Russian names almost never are).
"""

from __future__ import annotations

from functools import lru_cache

from .normalise import DATA_DIR

# ------------------------------------------------------------------ jamo
# initials: ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ
G, KK, N, D, TT, R, M, B, PP, S, SS, NG, J, JJ, CH, K, T, P, H = range(19)
# vowels: ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ
(A, AE, YA, YAE, EO, E, YEO, YE, O_, WA, WAE, OE, YO, U, WO, WE, WI, YU, EU, UI, I_) = range(21)
#: a syllable: (initial, vowel, final); final 0 is none, else 1..27 in Unicode order
Syllable = tuple[int, int, int]
F_K, F_N, F_L, F_M, F_P, F_T, F_NG = 1, 4, 8, 16, 17, 19, 21

_DPRK_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj",
                 "ch", "kh", "th", "ph", "h")  # fmt: skip
_POP_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj",
                "ch", "k", "t", "p", "h")  # fmt: skip
_DPRK_VOWEL = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
               "wo", "we", "wi", "yu", "u", "ui", "i")  # fmt: skip
_POP_VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
              "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
          "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip

#: surnames whose usual spelling no rule gives, by system (the Hangul syllable)
_SURNAMES_POP = {
    "이": "lee", "리": "lee", "박": "park", "최": "choi", "정": "jung", "조": "cho", "강": "kang",
    "윤": "yoon", "장": "jang", "임": "lim", "림": "lim", "오": "oh", "서": "seo", "신": "shin",
    "권": "kwon", "안": "ahn", "유": "yoo", "류": "ryu", "전": "jeon", "고": "ko", "문": "moon",
    "손": "son", "배": "bae", "백": "baek", "허": "heo", "노": "noh", "심": "shim", "곽": "kwak",
    "성": "sung", "주": "joo", "우": "woo", "구": "koo", "엄": "um", "천": "chun", "현": "hyun",
    "변": "byun", "추": "choo", "석": "seok", "선": "sun", "길": "gil", "김": "kim", "금": "keum",
    "육": "yook", "국": "kook", "공": "kong", "경": "kyung", "명": "myung", "기": "ki",
}  # fmt: skip
#: (the DPRK keeps the initial ㄹ and ㄴ that South Korean spelling drops, 리 for 이: a
#: name spelled the South Korean way is not respelled "Ri": that doubled the false alerts
#: of Hangul names, see readings.FACTORS)

#: the spelling systems a Korean name is written in (see the module docstring)
SYSTEMS = ("dprk", "popular")


def hangul_syllable(ch: str) -> Syllable | None:
    """The jamo of a precomposed Hangul syllable, else None."""
    cp = ord(ch) - 0xAC00
    if not 0 <= cp < 11172:
        return None
    return cp // 588, (cp % 588) // 28, cp % 28


def _compose(s: Syllable) -> str:
    return chr(0xAC00 + s[0] * 588 + s[1] * 28 + s[2])


def render(s: Syllable, system: str, surname: bool = False) -> str:
    """One syllable in Latin letters; ``surname``: the syllable is a whole family name."""
    if surname and system == "popular":
        special = _SURNAMES_POP.get(_compose(s))
        if special is not None:
            return special
    ini, vow, fin = s
    if system == "popular":
        v = _POP_VOWEL[vow]
        if fin and vow in (EO, YEO):  # Jung, Sung, Hyun, Myung: "u" before a final
            v = "u" if vow == EO else "yu"
        return _POP_INITIAL[ini] + v + _FINAL[fin]
    return _DPRK_INITIAL[ini] + _DPRK_VOWEL[vow] + _FINAL[fin]


def spell(words: list[list[Syllable]], system: str) -> str:
    """A name (words of syllables) in one system: one Latin word per syllable, the
    surname rule on a first or last word of one syllable."""
    out: list[str] = []
    last = len(words) - 1
    for k, word in enumerate(words):
        one = len(word) == 1 and (k == 0 or k == last)
        out.extend(render(s, system, one) for s in word)
    return " ".join(out)


# ------------------------------------------------------------------ hanja


@lru_cache(maxsize=1)
def _hanja_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (DATA_DIR / "hanja_korean.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        ch, readings = line.split("\t")
        table[ch] = readings.split()[0]
    return table


def hanja_words(text: str) -> list[list[Syllable]] | None:
    """The Korean reading of a name written in hanja (other letters are not allowed,
    spaces separate words); None when a character has no Korean reading."""
    table = _hanja_table()
    words: list[list[Syllable]] = []
    for word in text.split():
        syls: list[Syllable] = []
        for ch in word:
            h = table.get(ch)
            s = hangul_syllable(h) if h else hangul_syllable(ch)
            if s is None:
                return None
            syls.append(s)
        words.append(syls)
    return _surname_apart(words)


def _surname_apart(words: list[list[Syllable]]) -> list[list[Syllable]] | None:
    """A name written as one word of two to four syllables ("김정은") starts with the
    family name: set it apart."""
    if len(words) == 1 and 2 <= len(words[0]) <= 4:
        return [words[0][:1], words[0][1:]]
    return words or None


def hangul_words(text: str) -> list[list[Syllable]] | None:
    """A name written in Hangul, as syllables; None when anything else is in it."""
    words: list[list[Syllable]] = []
    for word in text.replace("-", " ").split():
        syls = [hangul_syllable(ch) for ch in word]
        if not syls or any(s is None for s in syls):
            return None
        words.append([s for s in syls if s is not None])
    return _surname_apart(words)


# ------------------------------------------------------------------ Cyrillic (Kontsevich)

_CYR_INITIAL = (
    ("кк", KK), ("тт", TT), ("пп", PP), ("сс", SS), ("чч", JJ), ("чх", CH), ("кх", K),
    ("тх", T), ("пх", P), ("чж", J), ("дж", J), ("к", G), ("г", G), ("н", N), ("т", D),
    ("д", D), ("р", R), ("л", R), ("м", M), ("п", B), ("б", B), ("с", S), ("ш", S),
    ("ч", J), ("ц", J), ("х", H), ("ж", J),
)  # fmt: skip
_CYR_VOWEL = (
    ("ый", UI), ("йя", YAE), ("йе", YE), ("ва", WA), ("вэ", WAE), ("ве", OE), ("во", WO),
    ("ви", WI), ("я", YA), ("ё", YEO), ("ю", YU), ("а", A), ("о", O_), ("у", U), ("ы", EU),
    ("и", I_), ("э", AE), ("е", EO), ("йо", YO),
)  # fmt: skip
_CYR_FINAL = (("ль", F_L), ("нъ", F_NG), ("л", F_L), ("к", F_K), ("н", F_N), ("м", F_M),
              ("п", F_P), ("т", F_T))  # fmt: skip
#: vowels after which a final "н" is more often ㅇ (ng) than ㄴ in names
_NG_AFTER = frozenset((EO, O_, YEO, YO))


def _cyr_syllables(word: str, start: int, depth: int) -> list[Syllable] | None:
    if start == len(word):
        return []
    if depth == 0:
        return None
    for ini_text, ini in (*_CYR_INITIAL, ("", NG)):
        if not word.startswith(ini_text, start):
            continue
        pos = start + len(ini_text)
        for v_text, vow in _CYR_VOWEL:
            if not word.startswith(v_text, pos):
                continue
            vpos = pos + len(v_text)
            # a final "р" only ends a word ("Ир" = 일)
            finals = (*_CYR_FINAL, ("р", F_L)) if word.endswith("р") else _CYR_FINAL
            for f_text, fin in (*finals, ("", 0)):
                if f_text and not word.startswith(f_text, vpos):
                    continue
                if f_text == "р" and vpos + 1 != len(word):
                    continue
                if fin == F_N and vow in _NG_AFTER:
                    fin = F_NG
                if vow == EO and not fin:  # "Хе" = 혜, "Се" = 세: "е" is ㅓ before a final
                    vow = E
                rest = _cyr_syllables(word, vpos + len(f_text), depth - 1)
                if rest is not None:
                    return [(ini, vow, fin), *rest]
    return None


def cyrillic_words(text: str) -> list[list[Syllable]] | None:
    """A name in Cyrillic read as Korean (Kontsevich syllables), or None when it does not
    look like one: every word one or two syllables, at least two words of one."""
    words: list[list[Syllable]] = []
    for word in text.lower().replace("-", " ").split():
        syls = _cyr_syllables(word, 0, 2)
        if not syls:
            return None
        words.append(syls)
    if sum(len(w) == 1 for w in words) < 2:
        return None
    return words
