"""One search over every module: the registry modules plug their search into.

A module registers a provider when its app loads::

    search.register(SearchProvider("treaties", _("Treaties"), find_treaties, order=40))

``find_treaties(user, query, limit)`` returns ``(total, hits)``: how many of the module's
items *the user may open* match, and the first ``limit`` of them. A provider starts from its
module's visibility selector, so a restricted item is never a hit and never counted for a
reader who cannot open it. ``query.filter(queryset, "field", ...)`` applies the shared
matching (every term must occur in one of the fields), so all modules match alike.

``core`` never imports a module to search it (an import contract checks it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

#: Longest query accepted; a longer one is refused, never cut.
MAX_QUERY = 200


def fold(text: str) -> str:
    """Case- and accent-folded text: ``"Müller"`` and ``"MULLER"`` both give ``"muller"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple[str, ...] = field(default=())

    @classmethod
    def parse(cls, text: str) -> SearchQuery:
        text = " ".join(text.split())
        terms = tuple(t for t in re.split(r"[\s,;]+", text) if t)
        return cls(text=text, terms=terms)

    def filter(self, queryset: QuerySet[Any], *fields: str) -> QuerySet[Any]:
        """Rows where every term occurs (case-insensitively) in at least one of ``fields``."""
        if not self.terms or not fields:
            return queryset.none()
        per_term = [
            reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))
            for term in self.terms
        ]
        return queryset.filter(reduce(and_, per_term))


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    #: a short line under the title (status, date, country); never text the reader may not see
    detail: str = ""


Finder = Callable[[Any, SearchQuery, int], tuple[int, Sequence[SearchHit]]]


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str | Promise
    find: Finder
    order: int = 100


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str | Promise
    total: int
    hits: Sequence[SearchHit]


PROVIDERS: list[SearchProvider] = []


def register(provider: SearchProvider) -> None:
    if any(existing.key == provider.key for existing in PROVIDERS):
        return
    PROVIDERS.append(provider)
    PROVIDERS.sort(key=lambda p: p.order)  # stable: equal orders keep their load order


def search(user: Any, text: str, *, limit: int = 5) -> list[SearchGroup]:
    """Every module's hits for ``text`` that ``user`` may open, grouped; empty groups left out."""
    query = SearchQuery.parse(text)
    if not query.terms:
        return []
    groups = []
    for provider in PROVIDERS:
        total, hits = provider.find(user, query, limit)
        if total:
            groups.append(SearchGroup(provider.key, provider.label, total, list(hits)[:limit]))
    return groups
