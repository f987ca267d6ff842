"""The sanctions-list matching engine: a plain Python library (no Django).

Public API::

    from foro.screening.engine import ScreeningIndex, DEFAULT_THRESHOLD, normalise_name, compare_names

    idx = ScreeningIndex.build(pairs)          # Iterable[(list_code, Entry)]
    hits = idx.search(query, threshold=DEFAULT_THRESHOLD, limit=20, lists=None)
    results = idx.search_many(queries)
    compare_names("Vladimir Putin", "PUTIN, Vladimir", EntityKind.PERSON)  # 0..1
"""

from __future__ import annotations

from .model import EntityKind, Entry, FuzzyDate, Hit, Identifier, Name, NameQuality, Query
from .normalise import name_key, normalise_name
from .readings import Reading, prepare_all, readings
from .scoring import align
from .weights import TokenWeights, default_weights

#: The score at and above which a search returns a hit.
#:
#: Chosen from the score formula, not from a data set: at 0.75 a two-word name with one
#: wrong, missing or swapped letter in a word of four letters or more still hits
#: ("Vladimir Pudin" ~ "Vladimir Putin" scores 0.79), a missing middle name or
#: patronymic still hits ("Vladimir Putin" ~ "Vladimir Vladimirovich Putin": 0.92),
#: while one differing word among three or more does not ("Bashar al-Assad" ~
#: "Hafez al-Assad": 0.59; "Jawhar Majid al-Mosuli" ~ "Jawhar Majid al-Duri": 0.50). An
#: exact weak alias alone scores 0.80 (a hit, below any exact strong name); a weak alias
#: with a typo needs other evidence. A birth date five or more years off takes an exact
#: name to 0.70, below the threshold.
#: Screening prefers a false alert to a missed listed party: the threshold sits at the
#: low end of that window. benchmarks/screening.py measures it (RESULTS.md).
DEFAULT_THRESHOLD = 0.75


def compare_names(a: str, b: str, kind: EntityKind | None = None) -> float:
    """Similarity of two names, 0..1: the name scoring the index uses, for one pair.

    Word weights come from the lists shipped with foro (``weights.default_weights``).
    A name in another script is compared in each of its readings (``readings``, each
    counting its ``factor``): the best pair counts.
    """
    w = default_weights()
    best = 0.0
    pbs = prepare_all(b, kind, w)
    for pa, ra in prepare_all(a, kind, w):
        for pb, rb in pbs:
            best = max(best, align(pa, pb).score * ra.factor * rb.factor)
    return best


from .index import ScreeningIndex  # noqa: E402  (needs compare_names' modules loaded)

__all__ = [
    "DEFAULT_THRESHOLD",
    "EntityKind",
    "Entry",
    "FuzzyDate",
    "Hit",
    "Identifier",
    "Name",
    "NameQuality",
    "Query",
    "Reading",
    "ScreeningIndex",
    "TokenWeights",
    "compare_names",
    "name_key",
    "normalise_name",
    "readings",
]
