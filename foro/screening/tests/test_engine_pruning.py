"""The shortcuts of the search must not change its hits (no Django, no evaluation data).

The index skips work that cannot change a result: it aligns a candidate name only when an
upper bound of its score (``scoring.may_reach``) reaches what is needed, scores each
distinct name once per query, reads only the postings that can pass the retrieval bound,
and stops aligning names that cannot enter the ``limit`` best. These tests check the
bound against the alignment and the search against the same search without shortcuts.
"""

from __future__ import annotations

import random

import pytest

from foro.screening.engine import (
    EntityKind,
    Entry,
    FuzzyDate,
    Name,
    NameQuality,
    Query,
    ScreeningIndex,
    scoring,
)
from foro.screening.engine import search as search_module
from foro.screening.engine.normalise import analyse_name
from foro.screening.engine.scoring import (
    align,
    align_pairs,
    join_spans,
    may_reach,
    prepare,
    single_pairs,
)
from foro.screening.engine.weights import TokenWeights

PERSON = EntityKind.PERSON
ORG = EntityKind.ORGANISATION

# words that exercise every rule of the alignment: particles, honorifics, legal forms,
# numbers, initials, joinable pieces, transliteration variants, other scripts
_WORDS = [
    "abdul", "abdel", "abd", "al", "rahman", "abdulrahman", "abdelrahman", "rachman",
    "bin", "ibn", "abu", "omar", "umar", "omer", "hassan", "hasan", "hassani", "mohammed",
    "muhammad", "mohamad", "sheikh", "haji", "jean", "claude", "jc", "j", "c", "xi", "jin",
    "ping", "jinping", "tang", "gang", "tanggang", "li", "wei", "liwei", "llc", "ltd", "jsc",
    "gmbh", "trading", "trade", "intl", "international", "group", "1", "2", "44", "iv",
    "vladimir", "wladimir", "putin", "poutin", "van", "der", "berg", "vanderberg",
    "محمد", "علي", "حسن", "金", "正", "恩", "Иван", "Петров", "k", "p", "pla",
]  # fmt: skip


def _random_name(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 5)))


def test_may_reach_never_prunes_a_name_that_reaches_tau():
    rng = random.Random(20260601)
    weights = TokenWeights({"al": 900, "bin": 700, "abu": 500, "omar": 300, "tang": 200}, 10_000)
    kinds = [PERSON, ORG, EntityKind.VESSEL, None]
    taus = [0.2, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 1.0]
    pruned = 0
    for _ in range(4000):
        ka, kb = rng.choice(kinds), rng.choice(kinds)
        a = prepare(analyse_name(_random_name(rng), ka), ka, weights)
        b = prepare(analyse_name(_random_name(rng), kb), kb, weights)
        if not a.tokens or not b.tokens:
            continue
        score = align(a, b).score
        spans = join_spans(a)
        for tau in taus:
            _sims, cands = single_pairs(a, b)
            if not may_reach(a, b, cands, tau, spans if rng.random() < 0.5 else None):
                pruned += 1
                assert score < tau, (a.tokens, b.tokens, score, tau)
        sims, cands = single_pairs(a, b)
        assert align_pairs(a, b, sims, cands).score == score
    assert pruned > 5000  # and it does prune


def _entry(eid, kind, *names, dob=None, nat=(), weak=False):
    quality = NameQuality.WEAK if weak else NameQuality.PRIMARY
    return Entry(
        entry_id=eid,
        kind=kind,
        names=tuple(
            Name(n, quality if i == 0 else NameQuality.STRONG) for i, n in enumerate(names)
        ),
        birth_dates=(FuzzyDate.years(dob),) if dob else (),
        nationalities=tuple(nat),
    )


@pytest.fixture(scope="module")
def crowded():
    """Many entries share a few common names (aliases, common given names)."""
    rng = random.Random(7)
    given = ["Abu Omar", "Abu Umar", "Omar Hassan", "Tang Gang", "Tang Gong", "Li Wei"]
    extra = ["al-Hashimi", "Karimi", "Bin Laden", "Zhou", "", "", ""]
    pairs = []
    for i in range(1500):
        kind = PERSON if rng.random() < 0.8 else ORG
        name = f"{rng.choice(given)} {rng.choice(extra)}".strip()
        other = f"{rng.choice(extra)} {rng.choice(given)}".strip()
        pairs.append(
            (
                rng.choice(["ofac", "un", "eu"]),
                _entry(
                    f"E{i}",
                    kind,
                    name,
                    other,
                    dob=rng.randint(1950, 1990) if kind == PERSON else None,
                    nat=(rng.choice(["SY", "IQ", "CN"]),) if kind == PERSON else (),
                    weak=rng.random() < 0.1,
                ),
            )
        )
    return ScreeningIndex.build(pairs)


_QUERIES = [
    Query("Abu Omar"),
    Query("Abu Omer", kind=PERSON),
    Query("Omar Hassan al-Hashimi", kind=PERSON, birth_date=FuzzyDate.years(1970)),
    Query("Tang Gang", countries=("CN",)),
    Query("Li Wei Zhou", kind=ORG),
    Query("Hassan Karimi", kind=PERSON, birth_date=FuzzyDate.years(1960), countries=("IQ",)),
]


@pytest.mark.parametrize("limit", [1, 3, 20])
def test_limit_returns_the_first_hits_of_the_full_list(crowded, limit):
    cut = 0
    for q in _QUERIES:
        full = crowded.search(q, limit=10**6)
        assert crowded.search(q, limit=limit) == full[:limit], q.name
        cut += len(full) > limit
    assert cut >= 3  # the limit does cut


def _hits_without_shortcuts(idx, query, threshold, limit):
    """search() as it was: every candidate aligned, no bound, no top-limit cut."""
    q = prepare(analyse_name(query.name, query.kind), query.kind, idx.weights)
    floor = idx._name_floor(query, threshold)
    best = {}
    for _b, n_id in idx._candidates(q, floor, None)[: search_module.MAX_SCORED]:
        name_score = align(q, idx._prepared(n_id)).score
        if name_score >= floor:
            idx._consider(best, query, n_id, name_score, threshold)
    hits = [h for _s, h in best.values()]
    hits.sort(key=lambda h: (-h.score, h.list_code, h.entry_id, h.matched_name))
    return hits[:limit]


@pytest.mark.parametrize("threshold", [0.6, 0.75, 0.9])
def test_shortcuts_change_no_hit(crowded, threshold):
    for q in _QUERIES:
        for limit in (2, 20):
            want = _hits_without_shortcuts(crowded, q, threshold, limit)
            assert crowded.search(q, threshold=threshold, limit=limit) == want, q.name


def test_same_words_other_kind_scored_apart():
    # one name, on a person and on an organisation: the name score depends on the kind
    # (legal forms, extra words), so the per-query memo must keep them apart
    idx = ScreeningIndex.build(
        [
            ("x", _entry("P", PERSON, "Omar Trading LLC")),
            ("x", _entry("O", ORG, "Omar Trading LLC")),
        ]
    )
    q = Query("Omar Trading")
    hits = {h.entry_id: h.components["name"] for h in idx.search(q, threshold=0.0)}
    qp = prepare(analyse_name(q.name, q.kind), q.kind, idx.weights)
    expect = {
        idx._entries[idx._name_entry[n]].entry_id: round(align(qp, idx._prepared(n)).score, 4)
        for n in range(len(idx))
    }
    assert hits == expect
    assert hits["P"] != hits["O"]


def test_search_many_is_search(crowded):
    qs = _QUERIES * 2 + [Query(""), Query("Nobody Known")]
    for kwargs in ({}, {"limit": 3}, {"threshold": 0.6, "lists": ["un", "eu"]}):
        assert crowded.search_many(qs, **kwargs) == [crowded.search(q, **kwargs) for q in qs]


def _exhaustive_candidates(idx, q, floor):
    """The retrieval bound of every indexed name that holds a word of the query (what
    _candidates computes through postings budgets, seeds and prefix cuts)."""
    f = max(1e-6, floor - search_module.BOUND_SLACK)
    qwords = idx._query_words(q)
    total_w = sum(q.weights[i] for i in range(len(q.tokens)) if q.classes[i] in (scoring.NORMAL, 5))
    if not qwords or total_w <= 0:
        return []
    out = []
    for n_id in range(len(idx)):
        ids = idx._tok_ids[idx._tok_off[n_id] : idx._tok_off[n_id + 1]]
        m = ms = 0.0
        for qw in qwords:
            best = max((qw.expansions.get(v, 0.0) for v in ids), default=0.0)
            if best > 0.0:
                m += qw.weight
                ms += qw.weight * best
        if m == 0.0:
            continue
        if m > total_w:
            ms *= total_w / m
            m = total_w
        uq = total_w - m
        un = max(0.0, idx._name_total[n_id] - m)
        pen = scoring.IMPERFECT * (m - ms)
        lo, hi = min(uq, un), max(uq, un)
        pen += scoring.CONFLICT * lo + scoring.EXTRA_PERSON * (hi - lo)
        bound = ms / (ms + pen) if ms > 0 else 0.0
        if bound >= f:
            out.append((bound, n_id))
    return out


@pytest.mark.parametrize("budget", [search_module.POSTINGS_BUDGET, 100, 10])
def test_retrieval_keeps_every_name_its_bound_lets_through(crowded, monkeypatch, budget):
    """The words past the postings budget are reached through short prefixes only, the
    words read through the heads of their postings: no name that passes the bound may
    be lost. (A small budget sends nearly every word down that path.)"""
    monkeypatch.setattr(search_module, "POSTINGS_BUDGET", budget)
    for query in _QUERIES + [Query("Hassan"), Query("Omar Tang Wei Zhou Karimi")]:
        q = prepare(analyse_name(query.name, query.kind), query.kind, crowded.weights)
        floor = crowded._name_floor(query, 0.75)
        want = sorted(_exhaustive_candidates(crowded, q, floor), key=lambda bn: (-bn[0], bn[1]))
        got = crowded._candidates(q, floor, None)
        assert [n for _b, n in got] == [n for _b, n in want[: search_module.MAX_SCORED]]
