"""One search over every module: the registry modules plug their search into.

A module registers a provider when its app loads::

    search.register(SearchProvider("treaties", _("Treaties"), find_treaties, order=40))

``find_treaties(user, query, limit)`` returns ``(total, hits)``: how many of the module's
items *the user may open* match, and the first ``limit`` of them. A provider starts from its
module's visibility selector, so a restricted item is never a hit and never counted for a
reader who cannot open it. ``query.filter(queryset, "field", ...)`` applies the shared
matching (every term must occur in one of the fields), so all modules match alike.

``core`` never imports a module to search it (an import contract checks it).

Names (organisations, parties, licence holders) are matched with the screening engine's
normalisation, which ``core`` may not import: screening registers its normaliser here
(``register_name_normaliser``) when its app loads, and ``query.match_names(pairs)`` /
``query.filter_names(queryset, field)`` compare the normalised words, so "Bombardier"
finds "BOMBARDIER INC." and "Müller" finds "Mueller". Without screening the fallback is
``fold`` (case and accents). Names are normalised in Python over the (small) set of
names a provider passes, not in SQL: see docs/search.md for why and for the limits.

Free text (titles, descriptions) is matched by ``query.filter``: every term must occur
in one of the fields, case-insensitively, on every database; on PostgreSQL a row whose
fields match the query under the Dutch or English full-text configuration (stemming:
"akkoorden" finds "akkoord") is also a hit. The tests' cases give the same results on
SQLite and PostgreSQL because the substring match is common to both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.functional import Promise

#: Longest query accepted; a longer one is refused, never cut.
MAX_QUERY = 200


def fold(text: str) -> str:
    """Case- and accent-folded text: ``"Müller"`` and ``"MULLER"`` both give ``"muller"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


NameNormaliser = Callable[[str], str]

#: the normaliser of names (screening's when it is loaded), see ``register_name_normaliser``
_NAME_NORMALISERS: list[NameNormaliser] = []


def register_name_normaliser(normaliser: NameNormaliser) -> None:
    """Screening registers its name normalisation (words separated by one space) here.
    The last one registered wins; ``fold`` and word splitting when none is."""
    _NAME_NORMALISERS[:] = [normaliser]


def name_words(text: str) -> tuple[str, ...]:
    """The comparable words of a name, with the registered normaliser."""
    if _NAME_NORMALISERS:
        return tuple(_NAME_NORMALISERS[0](text).split())
    return tuple(w for w in re.split(r"[^0-9a-z]+", fold(text)) if w)


def fold_terms(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^0-9a-z]+", fold(text)) if w)


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
        """Rows where every term occurs (case-insensitively) in at least one of ``fields``;
        on PostgreSQL also rows that match under the Dutch or English full-text
        configuration."""
        if not self.terms or not fields:
            return queryset.none()
        per_term = [
            reduce(or_, (Q(**{f"{name}__icontains": term}) for name in fields))
            for term in self.terms
        ]
        condition = reduce(and_, per_term)
        if connection.vendor == "postgresql" and len(self.text) >= 3:
            condition |= _full_text(queryset, self.text, fields)
        return queryset.filter(condition)

    @property
    def name_terms(self) -> tuple[str, ...]:
        """The query's words as the name normaliser gives them (legal forms, titles and
        accents dropped); the folded words when the normaliser leaves nothing."""
        return name_words(self.text) or fold_terms(self.text)

    def matches_name(self, name: str) -> bool:
        """Every query word starts a word of ``name`` (both normalised alike)."""
        terms = self.name_terms
        if not terms:
            return False
        words = name_words(name) + fold_terms(name)
        return all(any(w.startswith(t) for w in words) for t in terms)

    def match_names(self, pairs: Iterable[tuple[Any, str]]) -> list[Any]:
        """The keys of the ``(key, name)`` pairs whose name matches."""
        return [key for key, name in pairs if self.matches_name(name)]

    def filter_names(self, queryset: QuerySet[Any], field: str) -> QuerySet[Any]:
        """Rows of ``queryset`` whose ``field`` matches as a name. Reads (pk, name) of the
        queryset: meant for tables of names (organisations, parties), not for millions
        of rows; narrow the queryset first."""
        pairs = queryset.order_by().values_list("pk", field)
        return queryset.filter(pk__in=self.match_names(pairs))


def _full_text(queryset: QuerySet[Any], text: str, fields: Sequence[str]) -> Q:
    """PostgreSQL full-text match of ``text`` in ``fields`` (Dutch or English stemming),
    as a subquery on the model's primary keys so the outer queryset's joins stay as they
    are. It computes the vectors at query time (no stored column): cheap on the small
    tables searched by text (barriers, agreements, treaties), not meant for millions."""
    from django.contrib.postgres.search import SearchQuery as PgQuery
    from django.contrib.postgres.search import SearchVector

    model = queryset.model
    condition = Q()
    for config in ("dutch", "english"):
        matching = (
            model._default_manager.annotate(_fts=SearchVector(*fields, config=config))
            .filter(_fts=PgQuery(text, config=config, search_type="plain"))
            .values("pk")
        )
        condition |= Q(pk__in=matching)
    return condition


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


#: counts stop here: a name matching one company's 51,000 cases and licences took 1.9 s to
#: count exactly at 1,000,000 licences (benchmarks/RESULTS.md); "more than 1,000" says enough
COUNT_CAP = 1000


def capped_count(queryset: Any) -> int:
    """How many rows ``queryset`` holds, counted up to ``COUNT_CAP + 1``: the database stops
    after that many (``SELECT COUNT(*) FROM (... LIMIT 1001)``). A provider returns this as its
    total; a group whose total is above the cap says "more than 1,000"."""
    return int(queryset[: COUNT_CAP + 1].count())


@dataclass(frozen=True)
class SearchGroup:
    key: str
    label: str | Promise
    #: how many match, never above ``COUNT_CAP + 1`` (see ``capped``)
    total: int
    hits: Sequence[SearchHit]

    @property
    def capped(self) -> bool:
        """More match than were counted: the total is "more than COUNT_CAP"."""
        return self.total > COUNT_CAP

    @property
    def shown_total(self) -> int:
        return min(self.total, COUNT_CAP)


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
            total = min(total, COUNT_CAP + 1)  # a provider counting exactly is capped here too
            groups.append(SearchGroup(provider.key, provider.label, total, list(hits)[:limit]))
    return groups
