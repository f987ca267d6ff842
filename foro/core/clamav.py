"""Virus scanning of uploaded documents with clamd (issue 16).

When ``FORO_CLAMAV`` names a clamd (``host:port``, or the path of its Unix socket), every
document is streamed to it before anything is stored, with clamd's INSTREAM command
(clamd(8): ``zINSTREAM\\0``, then chunks each prefixed with its length as a 4-byte
big-endian number, then a zero length; clamd answers ``stream: OK`` or
``stream: <signature> FOUND``, ending with NUL). An infected file is refused
(``InvalidFile``); a scanner that is configured but cannot be reached or answers
nonsense refuses the upload too (fail closed: ``ScannerUnavailable``, 503 in the API).
Without ``FORO_CLAMAV`` nothing is scanned.

A small client of our own rather than a library: the protocol is these few lines, and
the ``clamd`` package on PyPI has had no release since 2016.
"""

from __future__ import annotations

import logging
import socket
import struct
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core.errors import InvalidFile

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
#: clamd's answer is one short line; more than this is not clamd
MAX_ANSWER = 4096


class ScannerUnavailable(InvalidFile):
    """The scanner is configured but did not give a verdict: the upload is refused."""

    slug = "virusScannerUnavailable"
    status = 503
    title = gettext_lazy("The virus scanner is not available")


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


def _address(spec: str) -> tuple[int, str | tuple[str, int]]:
    """``host:port`` (TCP) or ``/path`` / ``unix:/path`` (a Unix socket)."""
    if spec.startswith("unix:"):
        return socket.AF_UNIX, spec[5:]
    if spec.startswith("/"):
        return socket.AF_UNIX, spec
    host, sep, port = spec.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"FORO_CLAMAV must be host:port or a socket path, not {spec!r}")
    return socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET, (
        host.strip("[]"),
        int(port),
    )


def scan(content: bytes, spec: str, timeout: float) -> Verdict:
    """Stream ``content`` to the clamd at ``spec``; raises OSError when it cannot be
    reached and ValueError when its answer is not a verdict."""
    family, address = _address(spec)
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(address)
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(content), CHUNK):
            chunk = content[start : start + CHUNK]
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.sendall(struct.pack("!L", 0))
        answer = b""
        while not answer.endswith(b"\0") and len(answer) < MAX_ANSWER:
            part = sock.recv(1024)
            if not part:
                break
            answer += part
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    verdict = text.split(":", 1)[1].strip() if text.startswith("stream:") else ""
    if verdict == "OK":
        return Verdict(clean=True)
    if verdict.endswith(" FOUND"):
        return Verdict(clean=False, signature=verdict[: -len(" FOUND")].strip())
    raise ValueError(f"clamd answered {text[:200]!r}")


def check(name: str, content: bytes) -> None:
    """Refuse ``content`` when the configured scanner finds something or cannot say."""
    spec = settings.FORO_CLAMAV
    if not spec:
        return
    try:
        verdict = scan(content, spec, settings.FORO_CLAMAV_TIMEOUT)
    except (OSError, ValueError) as exc:
        log.error("virus scanner %s gave no verdict: %s", spec, exc)
        raise ScannerUnavailable(
            _(
                "The file “%(name)s” could not be checked for viruses: the virus scanner is "
                "not available. Nothing was stored; try again later or tell the helpdesk."
            )
            % {"name": name}
        ) from exc
    if not verdict.clean:
        log.warning("upload %r refused: clamd found %s", name, verdict.signature)
        raise InvalidFile(
            _(
                "The file “%(name)s” was refused: the virus scanner found %(signature)s in it. "
                "Nothing was stored."
            )
            % {"name": name, "signature": verdict.signature}
        )
