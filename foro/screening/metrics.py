"""Screening's figure on /metrics: how long the engine takes to search its index (the
search itself, not the storing of hits). See foro/core/metrics.py for the page."""

from __future__ import annotations

from prometheus_client import Histogram

#: seconds; one name takes milliseconds, a batch of a thousand seconds
SEARCH_BUCKETS = (
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
)

SEARCH_LATENCY = Histogram(
    "foro_screening_search_seconds",
    "Time the screening engine took to search its index: `one` for one subject, `batch` "
    "for a list of queries (a page's search or a batch screening).",
    ["call"],
    buckets=SEARCH_BUCKETS,
)
