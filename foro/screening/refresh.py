"""Scheduled re-import of the lists whose publisher URL is configured.

``settings.FORO_LIST_SOURCES`` maps a list code to its URL, or to ``{"url": ..., "format":
...}`` when the list's usual format (``lists.KNOWN_LISTS``) is not the one published there.
From the environment it is a list of ``CODE=URL`` or ``CODE:FORMAT=URL`` items
(``FORO_LIST_SOURCES="un=https://...,ofac-sdn:ofac-xml=https://.../sdn.xml"``)::

    FORO_LIST_SOURCES = {
        "un": "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
        "uk": "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml",
        "ofac-sdn": {"url": "https://.../sdn.xml", "format": "ofac-xml"},
    }

Once a day (``foro.core.periodic``: the first ``foro worker`` of the day queues
``tasks.refresh_lists``) and on demand (``foro lists refresh``), each configured list is
downloaded to a temporary file and handed to ``services.list_import``: bytes equal to a
version already imported make nothing (recognised by their digest before parsing), a
changed file becomes the new current version and queues the re-screening, a broken file is
refused whole and audited. A download that fails changes nothing and is logged at ERROR
with the list and the reason; the next run tries again. Only one-file formats can be
fetched (not ``ofac-csv``, which is four files). ``http``, ``https`` and ``file`` URLs.
"""

from __future__ import annotations

import logging
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from foro.core.errors import ValidationFailed
from foro.screening.importers import FORMATS, ImportFormatError
from foro.screening.lists import KNOWN_LISTS

log = logging.getLogger(__name__)

#: defaults of the optional settings FORO_LIST_FETCH_TIMEOUT (seconds) and
#: FORO_LIST_MAX_MB (largest download accepted)
FETCH_TIMEOUT = 120
MAX_MB = 1024
SCHEMES = ("http", "https", "file")


class FetchFailed(Exception):
    pass


@dataclass(frozen=True)
class ListSource:
    code: str
    url: str
    fmt: str


@dataclass(frozen=True)
class RefreshOutcome:
    code: str
    #: imported, unchanged, refused, fetch_failed, misconfigured
    status: str
    detail: str
    version: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "list": self.code,
            "status": self.status,
            "detail": self.detail,
            "version": self.version,
        }


def configured_sources() -> tuple[list[ListSource], list[RefreshOutcome]]:
    """The sources in ``settings.FORO_LIST_SOURCES`` (default none), and one
    ``misconfigured`` outcome per entry that cannot be used."""
    raw = getattr(settings, "FORO_LIST_SOURCES", None) or {}
    sources: list[ListSource] = []
    problems: list[RefreshOutcome] = []
    if isinstance(raw, list | tuple):  # from the environment: CODE=URL or CODE:FORMAT=URL
        pairs: dict[str, object] = {}
        for item in raw:
            key, _, url = str(item).partition("=")
            code, _, fmt = key.strip().partition(":")
            pairs[code] = {"url": url.strip(), "format": fmt.strip()} if url else None
        raw = pairs
    if not isinstance(raw, dict):
        return [], [RefreshOutcome("*", "misconfigured", "FORO_LIST_SOURCES is not a mapping")]
    for code, value in raw.items():
        spec = KNOWN_LISTS.get(code)
        if isinstance(value, str):
            url, fmt = value, spec.format if spec else ""
        elif isinstance(value, dict):
            url = str(value.get("url", ""))
            fmt = str(value.get("format") or (spec.format if spec else ""))
        else:
            url, fmt = "", ""
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if spec is None:
            problem = f"unknown list {code!r}; known: {', '.join(KNOWN_LISTS)}"
        elif not url or scheme not in SCHEMES:
            problem = f"no http, https or file URL: {url!r}"
        elif fmt not in FORMATS:
            problem = f"unknown format {fmt!r}"
        elif fmt == "ofac-csv":
            problem = "ofac-csv is four files and cannot be fetched from one URL; use ofac-xml"
        else:
            sources.append(ListSource(code, url, fmt))
            continue
        problems.append(RefreshOutcome(str(code), "misconfigured", problem))
    return sources, problems


def _file_name(source: ListSource) -> str:
    last = Path(urllib.parse.unquote(urllib.parse.urlsplit(source.url).path)).name
    return last or f"{source.code}.download"


def fetch(url: str, dest: Path, *, timeout: float, max_bytes: int) -> int:
    """Download ``url`` into ``dest``; the number of bytes. Raises FetchFailed."""
    if urllib.parse.urlsplit(url).scheme.lower() not in SCHEMES:
        raise FetchFailed(f"unsupported URL scheme: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": "foro list refresh"})  # noqa: S310 (schemes checked above)
    size = 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response, dest.open("wb") as out:  # noqa: S310 (schemes checked above)  # nosec B310
            while chunk := response.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchFailed(f"larger than {max_bytes // (1 << 20)} MB: refused")
                out.write(chunk)
    except urllib.error.HTTPError as e:
        raise FetchFailed(f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise FetchFailed(f"cannot reach {url}: {e.reason}") from None
    except (OSError, ValueError) as e:  # timeouts, resets, a bad URL
        raise FetchFailed(f"download failed: {e}") from None
    if size == 0:
        raise FetchFailed("empty download")
    return size


def list_refresh(
    *, actor: object = "system", codes: list[str] | None = None
) -> list[RefreshOutcome]:
    """Fetch and import every configured list (or those of ``codes``); one outcome each.
    Never raises for one list's failure: the others are still fetched."""
    from foro.screening.services import list_import

    sources, outcomes = configured_sources()
    if codes:
        sources = [s for s in sources if s.code in codes]
        outcomes = [o for o in outcomes if o.code in codes]
    timeout = float(getattr(settings, "FORO_LIST_FETCH_TIMEOUT", FETCH_TIMEOUT))
    max_bytes = int(getattr(settings, "FORO_LIST_MAX_MB", MAX_MB)) << 20
    for source in sources:
        with tempfile.TemporaryDirectory(prefix="foro-list-") as tmp:
            path = Path(tmp) / _file_name(source)
            try:
                fetch(source.url, path, timeout=timeout, max_bytes=max_bytes)
            except FetchFailed as e:
                log.error("list refresh: %s from %s: %s", source.code, source.url, e)
                outcomes.append(RefreshOutcome(source.code, "fetch_failed", str(e)))
                continue
            try:
                version = list_import(
                    actor=actor, list_code=source.code, fmt=source.fmt, paths=[path]
                )
            except ImportFormatError as e:  # audited by list_import
                log.error("list refresh: %s refused: %s", source.code, e)
                outcomes.append(
                    RefreshOutcome(source.code, "refused", f"{e.file}: {e.position}: {e.reason}")
                )
                continue
            except (ValidationFailed, ValueError) as e:
                outcomes.append(RefreshOutcome(source.code, "misconfigured", str(e)))
                continue
            if version.created:
                outcomes.append(
                    RefreshOutcome(
                        source.code,
                        "imported",
                        f"version {version.number}: {version.entry_count} entries",
                        version.number,
                    )
                )
            else:
                outcomes.append(
                    RefreshOutcome(
                        source.code,
                        "unchanged",
                        f"byte-identical to version {version.number}",
                        version.number,
                    )
                )
    return outcomes
