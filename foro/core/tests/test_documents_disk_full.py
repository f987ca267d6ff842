"""A document whose write fails half-way (a full disk) leaves no partial file and no row
(issue 16, "Faults"; benchmarks/faults.py disk-full shows it with a real file-size limit).
The disk is made full at the source: the content yields its first 64 KB, then the write
fails with ENOSPC, as a full disk does; Django's own FileSystemStorage writes the rest."""

from __future__ import annotations

import errno

import pytest
from django.core.files.base import File
from django.utils import translation

from foro.core.errors import StorageFull
from foro.core.models import AuditEvent, Document
from foro.core.services import document_upload

BIG_PDF = b"%PDF-1.7\n" + b"0" * (300 * 1024) + b"\n%%EOF\n"


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def fill_the_disk(monkeypatch) -> None:
    """From now on a write yields its first chunk, then fails as a full disk does."""
    real_chunks = File.chunks

    def disk_fills_up(self, chunk_size=None):
        for n, chunk in enumerate(real_chunks(self, chunk_size)):
            if n == 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            yield chunk

    monkeypatch.setattr(File, "chunks", disk_fills_up)


def test_a_write_cut_short_by_a_full_disk_leaves_nothing_behind(accounts, settings, monkeypatch):
    real_chunks = File.chunks
    fill_the_disk(monkeypatch)
    events = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(StorageFull) as failed:
        document_upload(actor=accounts["applicant"], name="big.pdf", content=BIG_PDF)
    # said as such (507, "storage is full"), not a 500 "something went wrong"
    assert failed.value.status == 507
    assert "storage is full" in failed.value.detail
    assert failed.value.__cause__.errno == errno.ENOSPC
    assert _stored_files(settings) == []
    assert not Document.objects.exists()
    assert AuditEvent.objects.count() == events

    monkeypatch.setattr(File, "chunks", real_chunks)  # space again: the same upload works
    doc = document_upload(actor=accounts["applicant"], name="big.pdf", content=BIG_PDF)
    assert doc.file.read() == BIG_PDF
    assert len(_stored_files(settings)) == 1


def test_another_write_error_is_not_called_a_full_disk(accounts, settings, monkeypatch):
    def broken(self, chunk_size=None):
        raise OSError(errno.EIO, "Input/output error")
        yield b""  # pragma: no cover

    monkeypatch.setattr(File, "chunks", broken)
    with pytest.raises(OSError) as failed:
        document_upload(actor=accounts["applicant"], name="big.pdf", content=BIG_PDF)
    assert not isinstance(failed.value, StorageFull) and failed.value.errno == errno.EIO
    assert not Document.objects.exists()
