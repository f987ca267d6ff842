"""Querying the index: candidate retrieval, then scoring of the candidates.

A query is normalised like the listed names; each of its words is expanded to the
vocabulary words that its fuzzy keys (``keys``) reach and whose similarity passes
``scoring.MIN_WORD_SIMILARITY``. Postings of the cheapest words are read in full (up to
``POSTINGS_BUDGET`` postings). The postings of the common words are not read in full:
postings are ordered by name weight, and a name that matches only common words can
reach the threshold only if it is short, so only the short prefix is read (for a set of
common words, the intersection of their prefixes: see ``_seeds``). Every candidate then
gets an upper bound of its score from the words it matched (the common ones checked
against its own words) and its weight; only candidates whose bound passes the floor
(threshold lowered by what birth date and country agreement could add, less
``BOUND_SLACK``) are scored in full, best bound first, at most ``MAX_SCORED`` per query.
Adjacent query words are also looked up joined ("Jin Ping"), long query words split
("Jinping" -> "jin", "ping"), initials against acronyms, and identifiers exactly.

Shortcuts that change no result (``tests/test_engine_pruning.py`` checks them):

* the postings of a word read are taken whole only up to the name weight at which a
  name holding that word alone can still pass the bound (the rest only if the name
  holds another word read), and a skipped word's prefixes are cut per similar word at
  the weight its similarity allows;
* a candidate is aligned only when ``scoring.may_reach`` (an upper bound of the name
  score, much cheaper than the alignment) reaches the floor and, once ``limit``
  entries have hits, what the limit-th best score requires;
* a name is scored once per query however many entries carry it (the name score
  depends only on its words, the entry's kind and the script flags);
* ``search_many`` expands each distinct query word once per batch.

Limits: a listed name is found only through a word within the reach of the keys (one
edit, or a phonetic or vowel-insensitive equivalent, of a query word); a name whose
every word is two edits away is not a candidate. ``benchmarks/screening.py`` measures
the share of the hits of an exhaustive scan that the index returns.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from itertools import repeat

from .build import SCORE_FLAGS, V_ABJAD, V_LATIN, V_SYLLABIC, IndexData
from .evidence import combine, max_gain, normalise_identifier
from .keys import ACRONYM, phonetic_key, query_keys
from .model import Hit, Query
from .readings import prepare_all
from .scoring import (
    CONFLICT,
    EXTRA_PERSON,
    IMPERFECT,
    INITIAL_SIMILARITY,
    JOIN_MIN_SIMILARITY,
    MIN_WORD_SIMILARITY,
    NORMAL,
    NUMBER,
    JoinSpan,
    Prepared,
    align,
    align_pairs,
    join_spans,
    may_reach,
    single_pairs,
    text_similarity,
)

#: at most this many candidates are scored in full per query (best upper bound first)
MAX_SCORED = 400
#: postings read per query before expensive words are skipped (if the bound allows)
POSTINGS_BUDGET = 1_000
#: candidates whose score bound is within this of the floor are still scored (the bound
#: is computed from the query side and is not exact for fuzzy word pairs)
BOUND_SLACK = 0.05
#: a candidate that cannot beat the limit-th best score by this much is not aligned
#: (Hit.score is rounded to 4 decimals: a smaller gap could still tie after rounding)
TOPK_MARGIN = 2e-4


def _max_unmatched(m: float, uq: float, f: float, ms: float | None = None) -> float:
    """Largest unmatched name weight for which m matched (ms: times the similarity;
    perfectly when None), uq unmatched in the query can still score ``f``; negative
    when none."""
    # the penalty allowed
    p = m * (1.0 - f) / f if ms is None else ms * (1.0 - f) / f - IMPERFECT * (m - ms)
    if uq <= 0.0:
        return p / EXTRA_PERSON
    if p < EXTRA_PERSON * uq:
        return -1.0
    below = (p - EXTRA_PERSON * uq) / (CONFLICT - EXTRA_PERSON)
    if below < uq:
        return below
    return uq + (p - CONFLICT * uq) / EXTRA_PERSON


#: expansions of the query words met before, read-only once made: (word, abjad, syllabic,
#: joined from adjacent words) -> {vocabulary id: similarity}
ExpansionCache = dict[tuple[str, bool, bool, bool], dict[int, float]]
#: a name weight limit as a function of a word's similarity (negative: no name)
WeightLimit = Callable[[float], float]


@dataclass(slots=True)
class _QueryWord:
    index: int  # position in the query, -1 for virtual (joined/acronym) words
    covers: tuple[int, ...]  # query positions this word stands for
    weight: float
    expansions: dict[int, float] = field(default_factory=dict)  # vid -> similarity
    cost: int = 0


class ScreeningIndex(IndexData):
    """Names of listed entries, searchable by a :class:`Query`.

    ``ScreeningIndex.build(pairs)`` indexes them (``IndexData.build``).
    """

    # ------------------------------------------------------------------ retrieval
    def _expand(
        self, token: str, q_abjad: bool, syllabic: bool, light: bool = False
    ) -> dict[int, float]:
        """Vocabulary words similar to ``token`` (``light``: exact and phonetic only)."""
        out: dict[int, float] = {}
        vid = self._vocab.get(token)
        if vid is not None:
            out[vid] = 1.0
        vflags = self._vflags
        vclass = self._vclass
        words = self._words
        vowels = not syllabic
        found = self._keys.lookup([phonetic_key(token)] if light else query_keys(token))
        if vid is not None:
            found.discard(vid)
        # most words occur in one kind of script only: those of the query's kind are
        # compared in one pass (no per-word flag logic)
        usual = V_ABJAD if q_abjad else V_LATIN
        plain = [v for v in found if vflags[v] == usual]
        if len(plain) < len(found):
            for v in found:
                f = vflags[v]
                if f == usual or vclass[v] != NORMAL:
                    continue
                cross = bool(f & V_LATIN) if q_abjad else bool(f & V_ABJAD)
                s = text_similarity(token, words[v], cross, vowels and not f & V_SYLLABIC)
                if s >= MIN_WORD_SIMILARITY:
                    out[v] = s
        sims = map(
            text_similarity,
            repeat(token),
            map(words.__getitem__, plain),
            repeat(False),
            repeat(vowels),
        )
        for v, s in zip(plain, sims, strict=True):
            # particles, forms... never pair with a name word
            if s >= MIN_WORD_SIMILARITY and vclass[v] == NORMAL:
                out[v] = s
        return out

    def _word_expansions(self, t: str, abjad: bool, syllabic: bool) -> dict[int, float]:
        """The vocabulary words a query word reaches (read-only once returned)."""
        exp = self._expand(t, abjad, syllabic)
        # a long word may be two listed words ("Jinping" -> "jin ping")
        if len(t) >= 5:
            for k in range(2, len(t) - 1):
                left = self._vocab.get(t[:k])
                right = self._vocab.get(t[k:])
                if left is not None and right is not None:
                    rarer = left if self._df(left) <= self._df(right) else right
                    exp.setdefault(rarer, JOIN_MIN_SIMILARITY)
        return exp

    def _query_words(
        self,
        q: Prepared,
        cache: ExpansionCache | None = None,
        spans: list[JoinSpan] | None = None,
    ) -> list[_QueryWord]:
        """The query's ways into the index. ``cache``: expansions of the words met
        before (search_many shares one over a batch); the expansions are read-only.
        ``spans``: ``join_spans(q)`` if the caller has it."""
        if cache is None:
            cache = {}
        elif len(cache) > 100_000:
            cache.clear()
        qwords: list[_QueryWord] = []
        retrievable = (NORMAL, NUMBER)
        toks = q.tokens
        for i, t in enumerate(toks):
            c = q.classes[i]
            if c not in retrievable:
                continue
            qw = _QueryWord(i, (i,), q.weights[i])
            if c == NUMBER:
                vid = self._vocab.get(t)
                if vid is not None:
                    qw.expansions[vid] = 1.0
            else:
                key = (t, q.abjad, q.syllabic, False)
                exp = cache.get(key)
                if exp is None:
                    exp = cache[key] = self._word_expansions(t, q.abjad, q.syllabic)
                qw.expansions = exp
            qwords.append(qw)
        # joined adjacent words ("Abdul Rahman" -> "abdulrahman"), as the alignment joins
        for start, end, joined, _initials, _ok in join_spans(q) if spans is None else spans:
            key = (joined, q.abjad, q.syllabic, True)
            exp = cache.get(key)
            if exp is None:
                exp = self._expand(joined, q.abjad, q.syllabic, light=True)
                exp = {v: s for v, s in exp.items() if s >= JOIN_MIN_SIMILARITY}
                cache[key] = exp
            if exp:
                covers = tuple(range(start, end))
                w = sum(q.weights[k] for k in covers)
                qwords.append(_QueryWord(-1, covers, w, exp))
        n = len(toks)
        # the query's initials may be a listed acronym ("Sham al-Islam" ~ "SAI")
        if not q.person:
            content = [i for i in range(n) if q.classes[i] == NORMAL and toks[i][0].isalpha()]
            if 2 <= len(content) <= 6:
                vid = self._vocab.get("".join(toks[i][0] for i in content))
                if vid is not None:
                    w = sum(q.weights[i] for i in content)
                    qwords.append(_QueryWord(-1, tuple(content), w, {vid: INITIAL_SIMILARITY}))
        for i, t in enumerate(toks):
            if q.classes[i] == NORMAL and 2 <= len(t) <= 6 and t.isalpha():
                vid = self._vocab.get(ACRONYM + t)
                if vid is not None:
                    qwords.append(_QueryWord(-1, (i,), q.weights[i], {vid: INITIAL_SIMILARITY}))
        off = self._post_off
        for qw in qwords:
            qw.cost = sum([off[v + 1] - off[v] for v in qw.expansions])
        return qwords

    def _name_floor(self, query: Query, threshold: float) -> float:
        """The lowest name score that the other evidence could lift to the threshold."""
        s = threshold
        if query.identifiers:
            return 0.0  # identifiers are retrieved on their own
        gain = max_gain(query)
        # s_final = 1 - gain * (1 - s_name)  >=  threshold
        return max(0.0, 1.0 - (1.0 - s) / gain)

    def _candidates(
        self,
        q: Prepared,
        floor: float,
        list_filter: set[int] | None,
        cache: ExpansionCache | None = None,
        spans: list[JoinSpan] | None = None,
    ) -> list[tuple[float, int]]:
        qwords = self._query_words(q, cache, spans)
        if not qwords:
            return []
        total_w = sum(
            q.weights[i] for i in range(len(q.tokens)) if q.classes[i] in (NORMAL, NUMBER)
        )
        if total_w <= 0:
            return []
        singles = sorted((qw for qw in qwords if qw.index >= 0), key=lambda qw: (qw.cost, qw.index))
        read: list[_QueryWord] = []
        skipped: list[_QueryWord] = []
        spent = 0
        for k, qw in enumerate(singles):
            if spent + qw.cost > POSTINGS_BUDGET:
                skipped = singles[k:]
                break
            read.append(qw)
            spent += qw.cost
        # joined words and acronyms are extra ways in: read when cheap
        for qw in qwords:
            if qw.index < 0 and qw.cost <= POSTINGS_BUDGET:
                read.append(qw)
        f = max(1e-6, floor - BOUND_SLACK)
        # Names that hold a word read. A name holding one read word only (with its best
        # similarity s), even with every skipped word matched perfectly, passes the
        # bound only up to a name weight (the bound only rises with more and better
        # matches): per read word and expansion, that head of the postings (ordered by
        # name weight), plus the names holding two read words or more, are all that can
        # pass. The rest is left out (also from the seeds: they would be credited
        # without their read word).
        post = self._post
        post_len = self._post_len
        off = self._post_off
        skipped_w = sum(qw.weight for qw in skipped if qw.expansions)
        best_sims: list[dict[int, float]] = []
        heads: set[int] = set()
        for qw in read:
            w = qw.weight
            m = w + skipped_w
            best: dict[int, float] = {}
            # ascending similarity: a name's entry ends with its best one
            for vid, sim in sorted(qw.expansions.items(), key=lambda vs: (vs[1], vs[0])):
                lo = off[vid]
                hi = off[vid + 1]
                if lo == hi:
                    continue
                ids = post[lo:hi]
                best.update(dict.fromkeys(ids, sim))
                if m > total_w:
                    heads.update(ids)
                    continue
                u = _max_unmatched(m, total_w - m, f, w * sim + skipped_w + 1e-9)
                if u >= 0.0:
                    cut = bisect_right(post_len, math.ceil((m + u) * 100.0) + 1, lo, hi)
                    if cut == hi:
                        heads.update(ids)
                    elif cut > lo:
                        heads.update(post[lo:cut])
            best_sims.append(best)
        held: set[int] = set()
        if len(best_sims) == 1:
            keep = heads
            held.update(best_sims[0])
        else:
            keep = set(heads)
            for best in best_sims:
                keep |= held.intersection(best)
                held.update(best)
        # per name: complex(weight matched, weight x similarity), summed in read order
        acc: dict[int, complex] = {}
        get = acc.get
        zero = 0j
        for qw, best in zip(read, best_sims, strict=True):
            w = qw.weight
            for n_id in keep.intersection(best):
                acc[n_id] = get(n_id, zero) + complex(w, w * best[n_id])
        if skipped:
            seeds = self._seeds(skipped, total_w, f)
            seeds.difference_update(held)
            acc.update(dict.fromkeys(seeds, zero))  # (the order: see the sort below)
        if not acc:
            return []
        name_total = self._name_total
        name_entry = self._name_entry
        entry_list = self._entry_list
        # a skipped word is credited from the candidate's own words, at their similarity
        skipped_sets = [
            (qw.weight, frozenset(qw.expansions), qw.expansions) for qw in skipped if qw.expansions
        ]
        any_skipped = frozenset().union(*(vset for _w, vset, _e in skipped_sets))
        zeros = repeat(0.0)
        tok_off = self._tok_off
        tok_ids = self._tok_ids
        out: list[tuple[float, int]] = []  # (-bound, name): sorts best first, then by id
        floor = f
        # bound <= m / (m + EXTRA_PERSON * (W - m)): a quick test on m first
        m_min = total_w * floor * EXTRA_PERSON / (1.0 - floor + floor * EXTRA_PERSON)
        conflict = CONFLICT
        extra = EXTRA_PERSON
        imperfect = IMPERFECT
        for n_id, mz in acc.items():
            m = mz.real
            ms = mz.imag
            if m + skipped_w < m_min:
                continue
            if list_filter is not None and entry_list[name_entry[n_id]] not in list_filter:
                continue
            if skipped_sets:
                ids = tok_ids[tok_off[n_id] : tok_off[n_id + 1]]
                if not any_skipped.isdisjoint(ids):
                    for w, vset, exp in skipped_sets:
                        if not vset.isdisjoint(ids):
                            m += w
                            ms += w * max(map(exp.get, ids, zeros))
            if m > total_w:
                ms *= total_w / m
                m = total_w
            # the score formula with the query's weights on both sides; words unmatched
            # on both sides are (at best) in conflict, the rest extra
            uq = total_w - m
            un = name_total[n_id] - m
            if un < 0.0:
                un = 0.0
            pen = imperfect * (m - ms)
            if uq < un:
                pen += conflict * uq + extra * (un - uq)
            else:
                pen += conflict * un + extra * (uq - un)
            bound = ms / (ms + pen) if ms > 0 else 0.0
            if bound >= floor:
                out.append((-bound, n_id))
        out.sort()
        return [(-nb, n_id) for nb, n_id in out[:MAX_SCORED]]

    def _prefix(self, qw: _QueryWord, t_max: float, limit: WeightLimit | None = None) -> set[int]:
        """Names holding a word similar to ``qw`` whose weight is at most ``t_max``.

        ``limit(s)``: a tighter bound on the weight of the names that hold an expansion
        of similarity s (negative: none of them); the prefix of that expansion is cut
        there too. Postings carry the name weight rounded up to a hundredth, so the
        cut at a real limit t is ``ceil(100 t)`` (one more for float rounding).
        """
        key = math.ceil(t_max * 100.0) + 1
        post = self._post
        post_len = self._post_len
        off = self._post_off
        out: set[int] = set()
        for vid, s in qw.expansions.items():
            k = key
            if limit is not None:
                t = limit(s)
                if t < 0.0:
                    continue
                k = min(key, math.ceil(t * 100.0) + 1)
            lo = off[vid]
            hi = bisect_right(post_len, k, lo, off[vid + 1])
            if hi > lo:
                out.update(post[lo:hi])
        return out

    def _seeds(self, skipped: list[_QueryWord], total_w: float, f: float) -> set[int]:
        """Candidates among names that match none of the words read, only skipped ones.

        A name matching exactly the subset S of the skipped words matches weight w(S)
        and misses the rest of the query; by the bound it can then weigh at most
        t_max(S) = w(S) + _max_unmatched(w(S), W - w(S), f). So it lies in the
        intersection of the postings of S, cut at t_max(S) (postings are ordered by
        name weight). Single common words only bring very short names; pairs of common
        words ("Mohammad Ali") bring the names that hold both.
        """
        k = len(skipped)
        weights = [qw.weight for qw in skipped]

        def limit_for(w_set: float, w_i: float) -> WeightLimit:
            """Name weight limit for a subset of weight w_set holding word i (weight
            w_i) at similarity s, the other words of the subset matched perfectly."""

            def lim(s: float) -> float:
                ms = w_set - w_i * (1.0 - s) + 1e-9  # (float rounding: err on the wide side)
                u = _max_unmatched(w_set, total_w - w_set, f, ms)
                return w_set + u if u >= 0.0 else -1.0

            return lim

        if k > 4:  # rare: bound every name by the largest subset
            w = sum(weights)
            t = w + _max_unmatched(w, total_w - w, f)
            out: set[int] = set()
            if t >= 0.0:
                for i, qw in enumerate(skipped):
                    out |= self._prefix(qw, t, limit_for(w, weights[i]))
            return out
        limits: dict[int, float] = {}
        wmask: dict[int, float] = {}
        for mask in range(1, 1 << k):
            w = sum(weights[i] for i in range(k) if mask >> i & 1)
            wmask[mask] = w
            limits[mask] = w + _max_unmatched(w, total_w - w, f)
        # each word's names up to the largest limit of a subset that holds it
        cache: dict[int, set[int]] = {}
        out = set()
        name_total = self._name_total
        for mask in sorted(limits, key=lambda m: (bin(m).count("1"), m)):
            t = limits[mask]
            if t < 0.0:
                continue
            members = [i for i in range(k) if mask >> i & 1]
            if len(members) == 1:
                i = members[0]
                out |= self._prefix(skipped[i], t, limit_for(wmask[mask], weights[i]))
                continue
            sets = []
            for i in members:
                if i not in cache:
                    holding = [m for m in limits if m >> i & 1 and m != 1 << i]
                    widest = max(limits[m] for m in holding)
                    # a limit only grows with the subset (the bound rises with every
                    # perfect match added): the widest at similarity s is the full set's
                    full = (1 << k) - 1
                    cache[i] = self._prefix(skipped[i], widest, limit_for(wmask[full], weights[i]))
                sets.append(cache[i])
            sets.sort(key=len)
            common = sets[0].intersection(*sets[1:])
            out.update(n for n in common if name_total[n] <= t + 0.005)
        return out

    def candidates(
        self,
        query: Query,
        *,
        threshold: float | None = None,
        lists: Collection[str] | None = None,
    ) -> list[int]:
        """Ids of the indexed names that a search would score in full (diagnostics)."""
        from . import DEFAULT_THRESHOLD

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        floor = self._name_floor(query, threshold)
        out: dict[int, None] = {}
        for q, _reading in prepare_all(query.name, query.kind, self._weights):
            cands = self._candidates(q, floor, self._list_filter(lists))
            out.update(dict.fromkeys(n for _b, n in cands[:MAX_SCORED]))
        return list(out)

    def _list_filter(self, lists: Collection[str] | None) -> set[int] | None:
        if lists is None:
            return None
        wanted = set(lists)
        return {i for i, c in enumerate(self._list_codes) if c in wanted}

    # ------------------------------------------------------------------ search
    def search(
        self,
        query: Query,
        *,
        threshold: float | None = None,
        limit: int = 20,
        lists: Collection[str] | None = None,
    ) -> list[Hit]:
        """Hits for ``query``, best first: one per listed entry, its best-matching name."""
        from . import DEFAULT_THRESHOLD

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        return self._search(query, threshold, limit, self._list_filter(lists), None)

    def _search(
        self,
        query: Query,
        threshold: float,
        limit: int,
        list_filter: set[int] | None,
        cache: ExpansionCache | None,
    ) -> list[Hit]:
        floor = self._name_floor(query, threshold)
        best: dict[int, tuple[float, Hit]] = {}
        # scores of the first hit of entries: the best `limit` (over all readings: an
        # entry's hit only improves with another reading, so they stay lower bounds)
        top: list[float] = []
        # a name in another script is searched in each of its readings; an entry keeps
        # its best hit (the plain reading's on a tie)
        for q, reading in prepare_all(query.name, query.kind, self._weights):
            read_as = ""
            if reading.label:
                read_as = f'read as "{reading.name.text}" ({reading.label}'
                read_as += f", counts {reading.factor:.0%})" if reading.factor < 1.0 else ")"
            if q.tokens:
                self._search_reading(
                    q, reading.factor, read_as, query, threshold, floor, limit, list_filter,
                    cache, best, top,
                )  # fmt: skip
            if query.identifiers:
                self._identifier_hits(
                    best, q, reading.factor, read_as, query, threshold, list_filter
                )
        hits = [h for _s, h in best.values()]
        hits.sort(key=lambda h: (-h.score, h.list_code, h.entry_id, h.matched_name))
        return hits[: max(0, limit)]

    def _search_reading(
        self,
        q: Prepared,
        factor: float,
        read_as: str,
        query: Query,
        threshold: float,
        floor: float,
        limit: int,
        list_filter: set[int] | None,
        cache: ExpansionCache | None,
        best: dict[int, tuple[float, Hit]],
        top: list[float],
    ) -> None:
        """The hits of one reading of the query, into ``best`` (and ``top``); the
        reading's name scores count ``factor`` (retrieval and bounds work on the name
        score before it: the floor and tau divided by it)."""
        q_spans = join_spans(q)
        cands = self._candidates(q, floor / factor, list_filter, cache, q_spans)
        # A candidate is aligned only if an upper bound of its name score reaches tau:
        # the floor, and once `limit` entries have hits, the name score that the
        # other evidence could lift to the limit-th best score (less a margin for the
        # rounding of Hit.score): such a name can change neither the hits returned
        # nor their order. Identifiers can lift any name: then only the floor.
        gain = max_gain(query)
        tau = floor
        if limit > 0 and len(top) == limit:
            tau = max(floor, 1.0 - (1.0 - (top[0] - TOPK_MARGIN)) / gain)
        name_entry = self._name_entry
        name_flags = self._name_flags
        tok_off = self._tok_off
        tok_ids = self._tok_ids
        # The name score depends only on the name's words and on the flags that
        # _prepared reads: many candidates of one query are the same name (an alias
        # on many entries, a common name). -1.0: below tau when first met (tau only
        # rises).
        known: dict[tuple[bytes, int], float] = {}
        for _bound, n_id in cands[:MAX_SCORED]:
            key = (
                tok_ids[tok_off[n_id] : tok_off[n_id + 1]].tobytes(),
                name_flags[n_id] & SCORE_FLAGS,
            )
            name_score = known.get(key)
            if name_score is None:
                p = self._prepared(n_id)
                sims, pairs = single_pairs(q, p)
                if may_reach(q, p, pairs, tau / factor, q_spans):
                    name_score = align_pairs(q, p, sims, pairs).score * factor
                else:
                    name_score = -1.0
                known[key] = name_score
            if name_score < floor or name_score < tau:
                continue
            e_idx = name_entry[n_id]
            new = e_idx not in best
            self._consider(best, query, n_id, name_score, threshold, read_as)
            if new and e_idx in best and limit > 0 and not query.identifiers:
                score = best[e_idx][0]
                if len(top) < limit:
                    heapq.heappush(top, score)
                elif score > top[0]:
                    heapq.heapreplace(top, score)
                if len(top) == limit:
                    tau = max(floor, 1.0 - (1.0 - (top[0] - TOPK_MARGIN)) / gain)

    def _consider(
        self,
        best: dict[int, tuple[float, Hit]],
        query: Query,
        n_id: int,
        name_score: float,
        threshold: float,
        read_as: str = "",
    ) -> None:
        e_idx = self._name_entry[n_id]
        entry = self._entries[e_idx]
        name = entry.names[self._name_pos[n_id]]
        score, components, explanation = combine(name_score, name, query, entry, read_as)
        if score < threshold:
            return
        prev = best.get(e_idx)
        if prev is not None and prev[0] >= score:
            return
        best[e_idx] = (
            score,
            Hit(
                self._list_codes[self._entry_list[e_idx]],
                entry.entry_id,
                name.text,
                round(score, 4),
                explanation,
                components,
            ),
        )

    def _identifier_hits(
        self,
        best: dict[int, tuple[float, Hit]],
        q: Prepared,
        factor: float,
        read_as: str,
        query: Query,
        threshold: float,
        list_filter: set[int] | None,
    ) -> None:
        e_ids: list[int] = []
        for ident in query.identifiers:
            for e_idx in self._ids.get(normalise_identifier(ident.value), ()):
                if e_idx not in e_ids:
                    e_ids.append(e_idx)
        for e_idx in e_ids:
            if list_filter is not None and self._entry_list[e_idx] not in list_filter:
                continue
            # score every indexed name of that entry
            for n_id in self._names_of_entry(e_idx):
                name_score = align(q, self._prepared(n_id)).score * factor if q.tokens else 0.0
                self._consider(best, query, n_id, name_score, threshold, read_as)

    def search_many(
        self,
        queries: Sequence[Query],
        *,
        threshold: float | None = None,
        limit: int = 20,
        lists: Collection[str] | None = None,
    ) -> list[list[Hit]]:
        """``search`` for each query, in order (the same hits).

        The work that depends on a query word alone (the vocabulary words it reaches)
        is done once per distinct word of the batch.
        """
        from . import DEFAULT_THRESHOLD

        threshold = DEFAULT_THRESHOLD if threshold is None else threshold
        list_filter = self._list_filter(lists)
        cache: ExpansionCache = {}
        return [self._search(q, threshold, limit, list_filter, cache) for q in queries]
