"""The screening index of this process, built from the current version of every list.

The database is the source of truth: each use asks it which versions are current (one
small query) and rebuilds the index when that set changed, so N app servers and workers
all screen against the same versions without talking to each other. The key holds each
version's id, sha256 and import time, so a version id reused by a rolled-back import
(SQLite in tests) cannot bring back a stale index.

Only the newest index is kept; building it is guarded by a lock so concurrent requests
build it once.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from foro.screening.engine import ScreeningIndex
from foro.screening.engine.model import Entry
from foro.screening.models import ListEntry, ListVersion

log = logging.getLogger(__name__)

Key = tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class VersionRef:
    id: int
    list_code: str
    number: int


@dataclass
class IndexState:
    key: Key
    index: ScreeningIndex
    #: list code -> the current version used
    versions: dict[str, VersionRef]
    #: (list code, entry id) -> entry fingerprint in that version
    fingerprints: dict[tuple[str, str], str] = field(repr=False)
    entry_count: int = 0
    build_seconds: float = 0.0

    def versions_used(self) -> dict[str, int]:
        """{list code: version number}, recorded with every screening."""
        return {code: ref.number for code, ref in sorted(self.versions.items())}


_lock = threading.Lock()
_state: IndexState | None = None


def _current_versions() -> tuple[Key, dict[str, VersionRef]]:
    rows = list(
        ListVersion.objects.filter(is_current=True)
        .order_by("pk")
        .values_list("pk", "sha256", "imported_at", "sanctions_list__code", "number")
    )
    key: Key = tuple((pk, sha, imported.isoformat()) for pk, sha, imported, _c, _n in rows)
    versions = {code: VersionRef(pk, code, number) for pk, _s, _i, code, number in rows}
    return key, versions


def _build(key: Key, versions: dict[str, VersionRef]) -> IndexState:
    started = time.perf_counter()
    code_of = {ref.id: code for code, ref in versions.items()}
    fingerprints: dict[tuple[str, str], str] = {}

    def pairs():
        rows = (
            ListEntry.objects.filter(version_id__in=list(code_of))
            .order_by("version_id", "pk")
            .values_list("version_id", "entry_id", "fingerprint", "data")
            .iterator(chunk_size=2000)
        )
        for version_id, entry_id, fingerprint, data in rows:
            code = code_of[version_id]
            fingerprints[(code, entry_id)] = fingerprint
            yield code, Entry.from_dict(data)

    index = ScreeningIndex.build(pairs())
    seconds = time.perf_counter() - started
    log.info(
        "screening index built: %d entries of %s in %.2f s",
        len(fingerprints),
        ", ".join(f"{c} v{r.number}" for c, r in sorted(versions.items())) or "no list",
        seconds,
    )
    return IndexState(key, index, versions, fingerprints, len(fingerprints), seconds)


def current_index() -> IndexState:
    """The index over the current versions, rebuilt if a new version became current."""
    global _state
    key, versions = _current_versions()
    state = _state
    if state is not None and state.key == key:
        return state
    with _lock:
        state = _state
        if state is None or state.key != key:
            state = _build(key, versions)
            _state = state
    return state


def clear() -> None:
    """Forget the cached index (tests; the next use rebuilds it)."""
    global _state
    with _lock:
        _state = None


def warm_in_background() -> threading.Thread:
    """Build this process's index in a background thread, so that the first screening after
    a server starts does not wait for it (``foro serve`` calls this in each worker)."""

    def build() -> None:
        from django.db import connection

        try:
            state = current_index()
            log.info("screening index ready: %d entries", state.entry_count)
        except Exception:  # a missing table before migrate, a database not yet up: later
            log.warning("screening index not warmed at start", exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=build, name="screening-index-warm", daemon=True)
    thread.start()
    return thread
