"""In-memory screening index: candidate retrieval, then scoring of the candidates.

The index is three modules:

* ``keys``: the fuzzy lookup keys (blocking): which vocabulary words a query word may
  reach, without comparing it with every word;
* ``build``: the vocabulary, the names as runs of word ids, the postings ordered by name
  weight and the key table, in flat arrays (:class:`~.build.IndexData`);
* ``search``: :class:`ScreeningIndex`, which expands a query's words through the keys,
  reads the postings within a score bound and scores the candidates (``scoring`` for
  the name, ``evidence`` for the rest).

This module keeps the names importable from their first home.
"""

from __future__ import annotations

from .search import MAX_SCORED, ScreeningIndex
from .weights import weight_for_frequency

__all__ = ["MAX_SCORED", "ScreeningIndex", "weight_for_frequency"]
