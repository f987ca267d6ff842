"""Virus scanning of uploads with clamd (issue 16).

No ClamAV and no signatures can be downloaded on this machine (no internet beyond the
package registries), so these tests start a tiny clamd stand-in of their own on a loopback
port (and on a Unix socket). It speaks clamd's documented INSTREAM protocol (clamd(8):
``zINSTREAM\\0``, length-prefixed chunks, a zero length, an answer ending in NUL) and,
like a real clamd with its standard signatures, answers ``Eicar-Test-Signature FOUND`` for
the EICAR test file and ``OK`` for anything else. foro's client is the real one
(``foro.core.clamav``); only the scanner is a stand-in.
"""

from __future__ import annotations

import io
import os
import socket
import struct
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from foro.core import clamav
from foro.core.models import Document
from foro.licensing.models import ApplicationDocument
from foro.licensing.tests.conftest import PDF, draft

pytestmark = pytest.mark.django_db

#: the EICAR anti-virus test file (eicar.org), which every scanner reports
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class FakeClamd:
    """A clamd stand-in on a loopback port or a Unix socket, in a thread; records what it
    was sent. ``answer`` replaces the verdict (for a scanner that answers nonsense)."""

    def __init__(self, family: int = socket.AF_INET, path: str = "", answer: bytes = b""):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind(path or ("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(10)
        self.spec = path or f"127.0.0.1:{self.sock.getsockname()[1]}"
        self.answer = answer
        self.received: list[bytes] = []
        self.chunks: list[int] = []
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _read(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError("closed early")
            data += part
        return data

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            with conn:
                command = self._read(conn, len(b"zINSTREAM\0"))
                if command != b"zINSTREAM\0":
                    conn.sendall(b"UNKNOWN COMMAND\0")
                    continue
                content = b""
                while True:
                    (size,) = struct.unpack("!L", self._read(conn, 4))
                    if size == 0:
                        break
                    self.chunks.append(size)
                    content += self._read(conn, size)
                self.received.append(content)
                if self.answer:
                    conn.sendall(self.answer)
                elif EICAR in content:
                    conn.sendall(b"stream: Eicar-Test-Signature FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self) -> None:
        self._stop = True
        self.sock.close()
        self.thread.join(5)


@pytest.fixture
def clamd(settings) -> Iterator[FakeClamd]:
    server = FakeClamd()
    settings.FORO_CLAMAV = server.spec
    settings.FORO_CLAMAV_TIMEOUT = 5
    yield server
    server.close()


def _media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _applicant(accounts) -> Client:
    client = Client()
    client.force_login(accounts["applicant"])
    client.cookies["foro_language"] = "en"
    return client


def _upload_over_api(client: Client, app_id: int, name: str, content: bytes):
    f = io.BytesIO(content)
    f.name = name
    return client.post(
        f"/api/v1/licensing/applications/{app_id}/documents", {"kind": "contract", "file": f}
    )


def test_a_clean_upload_is_streamed_to_clamd_and_stored(accounts, clamd, settings):
    app = draft(accounts["applicant"])
    # larger than one chunk, so that the length-prefixed framing is exercised
    content = PDF + b"%" + b"x" * (3 * clamav.CHUNK)
    r = _upload_over_api(_applicant(accounts), app.pk, "contract.pdf", content)
    assert r.status_code == 201, r.content
    assert clamd.received[-1] == content  # the scanner saw exactly the stored bytes
    assert len(clamd.chunks) >= 4
    assert ApplicationDocument.objects.filter(application=app, kind="contract").exists()


def test_the_eicar_file_is_refused_over_the_api_and_nothing_is_stored(accounts, clamd, settings):
    app = draft(accounts["applicant"])
    documents, files = Document.objects.count(), len(_media_files(settings))
    r = _upload_over_api(_applicant(accounts), app.pk, "eicar.txt", EICAR)
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == "urn:problem-type:foro:invalidFile"
    assert "Eicar-Test-Signature" in body["detail"] and "Nothing was stored" in body["detail"]
    assert Document.objects.count() == documents and len(_media_files(settings)) == files


def test_the_eicar_file_is_refused_on_the_portal_page_with_a_clear_message(accounts, clamd):
    app = draft(accounts["applicant"])
    documents = Document.objects.count()
    client = _applicant(accounts)
    f = io.BytesIO(EICAR)
    f.name = "eicar.txt"
    r = client.post(
        f"/portal/applications/{app.pk}/act/document/",
        {"kind": "contract", "file": f},
        follow=True,
    )
    page = r.content.decode()
    assert "the virus scanner found Eicar-Test-Signature in it" in page
    assert Document.objects.count() == documents


def test_an_unreachable_scanner_refuses_the_upload(accounts, settings):
    """Fail closed: configured but not answering means no upload, with a clear message."""
    app = draft(accounts["applicant"])  # its end-user certificate stored before the outage
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now
    settings.FORO_CLAMAV = f"127.0.0.1:{port}"
    settings.FORO_CLAMAV_TIMEOUT = 2
    documents = Document.objects.count()
    r = _upload_over_api(_applicant(accounts), app.pk, "contract.pdf", PDF)
    assert r.status_code == 503 and r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["type"] == "urn:problem-type:foro:virusScannerUnavailable"
    assert "could not be checked for viruses" in body["detail"]
    assert Document.objects.count() == documents


def test_a_scanner_answering_nonsense_refuses_the_upload(accounts, settings):
    app = draft(accounts["applicant"])
    server = FakeClamd(answer=b"INSTREAM size limit exceeded. ERROR\0")
    settings.FORO_CLAMAV = server.spec
    try:
        r = _upload_over_api(_applicant(accounts), app.pk, "contract.pdf", PDF)
    finally:
        server.close()
    assert r.status_code == 503
    assert r.json()["type"] == "urn:problem-type:foro:virusScannerUnavailable"


def test_clamd_on_a_unix_socket(accounts, settings):
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "clamd.sock")
    server = FakeClamd(socket.AF_UNIX, path)
    settings.FORO_CLAMAV = path
    try:
        assert clamav.scan(EICAR, path, 5) == clamav.Verdict(False, "Eicar-Test-Signature")
        assert clamav.scan(PDF, f"unix:{path}", 5) == clamav.Verdict(True)
    finally:
        server.close()
        os.unlink(path)
        os.rmdir(folder)


def test_without_a_scanner_configured_nothing_is_scanned(accounts, settings):
    settings.FORO_CLAMAV = ""
    app = draft(accounts["applicant"])
    r = _upload_over_api(_applicant(accounts), app.pk, "eicar.txt", EICAR)
    assert r.status_code == 201  # documented: scanning is on only when FORO_CLAMAV is set
