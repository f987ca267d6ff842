"""Fuzzy lookup keys: the blocking step of the index (which vocabulary words a query word
may reach without comparing it with every word).

The keys of a vocabulary word are crc32 hashes of: its phonetic folding, its vowel-free
and consonant skeletons, and every one-letter deletion of words of four letters or more
(a SymSpell-style neighbourhood: catches one insertion, deletion, substitution or
transposition), also after phonetic folding. A :class:`KeyTable` holds them as one sorted
run of ``hash << 32 | word id``, split into two arrays. Non-person names also get their
initials as a vocabulary word of their own (:data:`ACRONYM` + initials, e.g. "PLA").
"""

from __future__ import annotations

import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import repeat

from .scoring import fold, skeleton, vowel_skeleton

#: vocabulary prefix of the initials of a non-person name
ACRONYM = "\x01"
_VID_BITS = 32  # a packed key: hash << 32 | word
#: the largest word id a packed key can hold
MAX_WORD_ID = (1 << _VID_BITS) - 1


def _h(kind: str, key: str) -> int:
    return zlib.crc32((kind + key).encode("utf-8"))


def word_keys(token: str) -> list[int]:
    """Fuzzy keys of a vocabulary word (hashes), without the word itself."""
    keys = []
    f = fold(token)
    keys.append(_h("f", f))
    if len(f) >= 4:  # one edit away after phonetic folding ("qaza" ~ "qasu")
        for i in range(len(f)):
            keys.append(_h("e", f[:i] + f[i + 1 :]))
        keys.append(_h("e", f))
    if len(token) >= 4:
        keys.append(_h("v", vowel_skeleton(token)))
        for i in range(len(token)):
            keys.append(_h("d", token[:i] + token[i + 1 :]))
        keys.append(_h("d", token))
    sk = skeleton(token)
    if len(sk) >= 2:
        keys.append(_h("s", sk))
    return keys


def query_keys(token: str) -> list[int]:
    """The keys a query word is looked up by: its own fuzzy keys, and for a short word
    the key of the longer words it may be with a letter missing."""
    keys = word_keys(token)
    if len(token) < 4:
        # a short query word may be a long word with a letter missing
        keys.append(_h("d", token))
    return keys


def phonetic_key(token: str) -> int:
    """The key of the phonetic folding alone (a light lookup: exact and phonetic)."""
    return _h("f", fold(token))


class KeyTable:
    """The fuzzy keys of a vocabulary: key -> the words that hold it."""

    __slots__ = ("_hash", "_vid", "_bucket", "_shift")

    def __init__(self) -> None:
        self._hash = array("I")  # sorted crc32 of the fuzzy keys
        self._vid = array("I")  # the word of each key
        self._bucket = array("I", [0, 0])  # start of each run of top hash bits
        self._shift = 32

    @classmethod
    def build(cls, words: Iterable[tuple[int, str]]) -> KeyTable:
        """The keys of ``(word id, word)`` pairs."""
        self = cls()
        packed: list[int] = []
        for vid, w in words:
            for k in set(word_keys(w)):
                packed.append((k << _VID_BITS) | vid)
        packed.sort()
        # two parallel arrays (same size as one of packed keys): a key's words are one
        # slice of _vid, read without a Python loop. A packed key is hash << 32 | word:
        # its 8 bytes are the two 4-byte halves, split by strided slices (no Python loop).
        both = array("I")
        both.frombytes(array("Q", packed).tobytes())
        low, high = (
            (both[0::2], both[1::2]) if sys.byteorder == "little" else (both[1::2], both[0::2])
        )
        self._hash = kh = high
        self._vid = low
        del both
        # where each run of hashes with the same top bits starts (a few keys a run): a
        # lookup bisects a few entries, not the whole array; bisected in the list of
        # Python ints (faster than in the array), no Python loop over the keys
        bits = max(4, min(22, len(kh).bit_length() - 3))
        self._shift = shift = 32 - bits
        step = 1 << (shift + _VID_BITS)
        starts = array("I", map(bisect_left, repeat(packed), range(0, 1 << 64, step)))
        starts.append(len(kh))
        del packed
        self._bucket = starts
        return self

    def lookup(self, keys: Iterable[int]) -> set[int]:
        """The words that hold one of the fuzzy ``keys``."""
        kh = self._hash
        kv = self._vid
        bucket = self._bucket
        shift = self._shift
        out: set[int] = set()
        for key in keys:
            b = key >> shift
            lo = bisect_left(kh, key, bucket[b], bucket[b + 1])
            hi = bisect_right(kh, key, lo, bucket[b + 1])
            if hi > lo:
                out.update(kv[lo:hi])
        return out
