"""Building the in-memory index: the vocabulary, the names as runs of word ids, the
postings and the fuzzy keys, in flat arrays.

Layout (compact, for a million names in a few hundred MB):

* every distinct normalised word is a *vocabulary* id; each indexed name is a run of
  vocabulary ids in one ``array('I')`` (``_tok_ids`` / ``_tok_off``);
* postings (word -> names containing it) are one ``array('I')`` in CSR form, within a
  word ordered by name weight (``_build_postings``);
* fuzzy keys (word -> similar words) are a :class:`~.keys.KeyTable`.

:class:`IndexData` holds the arrays and builds them; searching them is ``search``.
"""

from __future__ import annotations

import gc
import math
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from typing import Self

from .evidence import normalise_identifier
from .keys import ACRONYM, MAX_WORD_ID, KeyTable
from .model import EntityKind, Entry, NameQuality
from .normalise import FLAG_ABJAD, FLAG_HAN, FLAG_HANGUL, analyse_name
from .scoring import FORM, NORMAL, NUMBER, Prepared, class_weight, weigh, word_class
from .weights import TokenWeights

QUALITY_CODE = {NameQuality.PRIMARY: 0, NameQuality.STRONG: 1, NameQuality.WEAK: 2}
PERSON_FLAG = 128  # in _name_flags: the entry is a person
#: the name flags that _prepared reads (with the words, they fix the name's score)
SCORE_FLAGS = FLAG_ABJAD | FLAG_HAN | FLAG_HANGUL | PERSON_FLAG

# vocabulary flags
V_ABJAD = 1  # occurs in a name written in an abjad script
V_LATIN = 2  # occurs in a name written otherwise
V_SYLLABIC = 4


class IndexData:
    """The arrays of the index, built from ``(list_code, entry)`` pairs."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._entry_list = array("H")
        self._list_codes: list[str] = []
        self._name_entry = array("I")
        self._name_pos = array("H")  # index into entry.names
        self._name_flags = array("B")  # bits 0-4 script flags, 5-6 quality, 7 person
        self._name_total = array("f")
        self._tok_off = array("I", [0])
        self._tok_ids = array("I")
        self._vocab: dict[str, int] = {}
        self._words: list[str] = []
        self._vflags = array("B")
        self._vweight = array("f")  # rarity weight of the word (NORMAL class)
        self._vbase = array("f")  # weight of the word by its class, for the bounds
        self._vclass = array("B")
        self._post_off = array("I")
        self._post = array("I")
        self._post_len = array("H")
        self._keys = KeyTable()
        self._ids: dict[str, list[int]] = {}
        self._weights = TokenWeights.uniform()

    # ------------------------------------------------------------------ build
    @classmethod
    def build(cls, pairs: Iterable[tuple[str, Entry]], weights: TokenWeights | None = None) -> Self:
        """Index the names of ``(list_code, entry)`` pairs.

        Word weights are derived from the indexed names (document frequency) unless
        ``weights`` is given.

        The garbage collector is paused while building, and the objects alive at the
        end (the index, and the caller's entries) are moved out of its reach with
        ``gc.freeze()``: a full collection over millions of long-lived objects would
        otherwise stall queries for a hundred milliseconds now and then.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self = cls._build(pairs, weights)
        finally:
            if was_enabled:
                gc.enable()
        gc.collect()
        gc.freeze()
        return self

    @classmethod
    def _build(cls, pairs: Iterable[tuple[str, Entry]], weights: TokenWeights | None) -> Self:
        self = cls()
        codes: dict[str, int] = {}
        vocab = self._vocab
        words = self._words
        vflags = self._vflags
        tok_ids = self._tok_ids
        tok_off = self._tok_off
        df: list[int] = []
        acronyms: list[tuple[int, int]] = []  # (vid, name id)
        for list_code, entry in pairs:
            code = codes.get(list_code)
            if code is None:
                code = codes[list_code] = len(self._list_codes)
                self._list_codes.append(list_code)
            e_idx = len(self._entries)
            self._entries.append(entry)
            self._entry_list.append(code)
            for ident in entry.identifiers:
                value = normalise_identifier(ident.value)
                if len(value) >= 4:
                    self._ids.setdefault(value, []).append(e_idx)
            person = entry.kind == EntityKind.PERSON
            order = sorted(
                range(len(entry.names)), key=lambda k: QUALITY_CODE[entry.names[k].quality]
            )
            seen: set[tuple[str, ...]] = set()
            for pos in order:
                name = entry.names[pos]
                nn = analyse_name(name.text, entry.kind)
                if not nn.tokens or nn.tokens in seen:
                    continue
                seen.add(nn.tokens)
                n_id = len(self._name_entry)
                self._name_entry.append(e_idx)
                self._name_pos.append(pos)
                self._name_flags.append(
                    (nn.flags & 31) | (QUALITY_CODE[name.quality] << 5) | (person << 7)
                )
                vbit = V_ABJAD if nn.flags & FLAG_ABJAD else V_LATIN
                if nn.flags & (FLAG_HAN | FLAG_HANGUL):
                    vbit |= V_SYLLABIC
                local: set[int] = set()
                for t in nn.tokens:
                    vid = vocab.get(t)
                    if vid is None:
                        vid = vocab[t] = len(words)
                        words.append(t)
                        vflags.append(0)
                        df.append(0)
                    vflags[vid] |= vbit
                    tok_ids.append(vid)
                    if vid not in local:
                        local.add(vid)
                        df[vid] += 1
                tok_off.append(len(tok_ids))
                if not person and 2 <= len(nn.tokens) <= 8:
                    initials = "".join(
                        t[0]
                        for t in nn.tokens
                        if word_class(t, False) == NORMAL and not t[0].isdigit()
                    )
                    if 2 <= len(initials) <= 6:
                        key = ACRONYM + initials
                        vid = vocab.get(key)
                        if vid is None:
                            vid = vocab[key] = len(words)
                            words.append(key)
                            vflags.append(V_LATIN)
                            df.append(0)
                        df[vid] += 1
                        acronyms.append((vid, n_id))
        if len(words) > MAX_WORD_ID:
            raise ValueError("vocabulary too large for the index layout")
        n_names = len(self._name_entry)
        if weights is None:
            weights = TokenWeights({w: df[i] for i, w in enumerate(words) if df[i] > 1}, n_names)
        self._weights = weights
        # per-word class and weight
        for w in words:
            c = word_class(w, False) if not w.startswith(ACRONYM) else NORMAL
            self._vclass.append(c)
            self._vweight.append(weights.weight(w))
            self._vbase.append(class_weight(c, self._vweight[-1]))
        # name total weights (upper bounds use them)
        for n_id in range(n_names):
            lo, hi = tok_off[n_id], tok_off[n_id + 1]
            self._name_total.append(sum(self._vbase[v] for v in tok_ids[lo:hi]))
        self._build_postings(df, acronyms)
        self._keys = KeyTable.build(
            (vid, w)
            for vid, w in enumerate(words)
            if not w.startswith(ACRONYM) and self._vclass[vid] != NUMBER
        )
        return self

    def _build_postings(self, df: list[int], acronyms: list[tuple[int, int]]) -> None:
        """CSR postings; within a word, names are ordered by (total weight, id).

        The order lets a query read only the short names of a common word
        (``_post_len`` holds each posting's name weight x 100, rounded up).
        """
        n_vocab = len(self._words)
        off = array("I", [0]) * (n_vocab + 1)
        total = 0
        for v in range(n_vocab):
            off[v] = total
            total += df[v]
        off[n_vocab] = total
        post = array("I", [0]) * total
        post_len = array("H", [0]) * total
        fill = array("I", off)
        tok_off = self._tok_off
        tok_ids = self._tok_ids
        name_total = self._name_total
        qlen = [min(65535, int(math.ceil(t * 100.0 - 1e-6))) for t in name_total]
        by_name: dict[int, list[int]] = {}
        for vid, n_id in acronyms:
            by_name.setdefault(n_id, []).append(vid)
        for n_id in sorted(range(len(name_total)), key=qlen.__getitem__):
            ql = qlen[n_id]
            for v in set(tok_ids[tok_off[n_id] : tok_off[n_id + 1]]):
                k = fill[v]
                post[k] = n_id
                post_len[k] = ql
                fill[v] = k + 1
            for v in by_name.get(n_id, ()):
                k = fill[v]
                post[k] = n_id
                post_len[k] = ql
                fill[v] = k + 1
        self._post_off = off
        self._post = post
        self._post_len = post_len

    # ------------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self._name_entry)

    @property
    def weights(self) -> TokenWeights:
        return self._weights

    @property
    def list_codes(self) -> tuple[str, ...]:
        return tuple(self._list_codes)

    def _df(self, vid: int) -> int:
        return self._post_off[vid + 1] - self._post_off[vid]

    def _names_of_entry(self, e_idx: int) -> list[int]:
        name_entry = self._name_entry
        i = bisect_left(name_entry, e_idx)
        out = []
        while i < len(name_entry) and name_entry[i] == e_idx:
            out.append(i)
            i += 1
        return out

    # ------------------------------------------------------------------ names
    def _prepared(self, n_id: int) -> Prepared:
        """The indexed name as the scoring reads it (as ``scoring.prepare`` makes it, from
        the vocabulary's classes and weights)."""
        entry = self._entries[self._name_entry[n_id]]
        person = entry.kind == EntityKind.PERSON
        ids = self._tok_ids[self._tok_off[n_id] : self._tok_off[n_id + 1]]
        words = self._words
        vclass = self._vclass
        vweight = self._vweight
        tokens = tuple(words[v] for v in ids)
        # the vocabulary's class is the class in a non-person name
        classes = [NORMAL if person and vclass[v] == FORM else vclass[v] for v in ids]
        return weigh(tokens, classes, [vweight[v] for v in ids], self._name_flags[n_id], person)
