import io
import zipfile

import pytest

from foro.core.errors import InvalidFile
from foro.core.models import AuditEvent, Document
from foro.core.services import document_upload

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
    + b"\x00" * 32
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_pdf_is_stored_with_its_sha256_and_sniffed_type(accounts, settings):
    doc = document_upload(actor=accounts["applicant"], name="end-user-certificate.pdf", content=PDF)
    assert doc.content_type == "application/pdf"
    assert doc.size == len(PDF)
    import hashlib

    assert doc.sha256 == hashlib.sha256(PDF).hexdigest()
    assert doc.file.read() == PDF
    assert AuditEvent.objects.filter(verb="document.uploaded", target_id=str(doc.pk)).exists()


@pytest.mark.parametrize(
    "name,content,mime",
    [
        ("photo.jpg", PNG, "image/png"),  # the name lies; the bytes decide
        (
            "contract.docx",
            _docx(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.txt", "Eindgebruiker: ministerie van defensie — ✓".encode(), "text/plain"),
    ],
)
def test_type_comes_from_the_content_not_the_name(accounts, name, content, mime):
    doc = document_upload(actor=accounts["applicant"], name=name, content=content)
    assert doc.content_type == mime


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("certificate.pdf", EXE, "not a document type"),  # an executable renamed to .pdf
        ("empty.pdf", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02garbage" * 10, "not a document type"),
    ],
)
def test_refused_file_leaves_nothing_behind(english, accounts, settings, name, content, message):
    before = (Document.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InvalidFile, match=message):
        document_upload(actor=accounts["applicant"], name=name, content=content)
    assert (Document.objects.count(), AuditEvent.objects.count()) == before
    assert _stored_files(settings) == []


def test_file_over_the_limit_is_refused(english, accounts, settings):
    settings.FORO_MAX_UPLOAD_MB = 1
    with pytest.raises(InvalidFile, match="limit is 1 MB"):
        document_upload(
            actor=accounts["applicant"], name="big.pdf", content=PDF + b"0" * (1024 * 1024)
        )
    assert _stored_files(settings) == []


def test_database_failure_removes_the_stored_file(accounts, settings, monkeypatch):
    from foro.core import audit

    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(audit, "record", boom)
    with pytest.raises(RuntimeError):
        document_upload(actor=accounts["applicant"], name="a.pdf", content=PDF)
    assert _stored_files(settings) == []
    assert not Document.objects.filter(sha256__isnull=False, original_name="a.pdf").exists()


def test_path_in_file_name_is_stripped(accounts):
    doc = document_upload(actor=accounts["applicant"], name="../../etc/passwd.pdf", content=PDF)
    assert doc.original_name == "passwd.pdf"
