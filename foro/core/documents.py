"""Document upload rules: size limit, content sniffed from the bytes (never the name),
sha256. A refused file raises InvalidFile before anything is written."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from io import BytesIO

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from foro.core.errors import InvalidFile

#: Types accepted for documents, by sniffed MIME type, with the extension shown to users.
ALLOWED_TYPES: dict[str, str] = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/plain": "txt",
    "text/csv": "csv",
}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def _sniff_zip_office(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            if "mimetype" in names:
                mimetype = zf.read("mimetype").decode("ascii", "replace").strip()
                return mimetype or None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _looks_like_text(content: bytes) -> bool:
    if b"\x00" in content[:8192]:
        return False
    try:
        content[:65536].decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character may be cut at the boundary
        try:
            content[:65533].decode("utf-8")
        except UnicodeDecodeError:
            return False
    return True


def sniff(content: bytes, name: str) -> str | None:
    """The MIME type the bytes really are, or None if not recognised."""
    kind = filetype.guess(content[:8192])
    mime = kind.mime if kind else None
    if mime in (None, "application/zip") or (mime or "").startswith("application/vnd."):
        office = _sniff_zip_office(content)
        if office:
            return office
    if mime:
        return mime
    if _looks_like_text(content):
        return "text/csv" if name.lower().endswith(".csv") else "text/plain"
    return None


def check_upload(
    name: str, content: bytes, *, allowed: dict[str, str] | None = None
) -> CheckedFile:
    allowed = allowed or ALLOWED_TYPES
    limit = settings.FORO_MAX_UPLOAD_MB * 1024 * 1024
    safe_name = (name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200] or "document"
    if not content:
        raise InvalidFile(_("The file “%(name)s” is empty.") % {"name": safe_name})
    if len(content) > limit:
        raise InvalidFile(
            _("The file “%(name)s” is %(size).1f MB; the limit is %(limit)d MB.")
            % {
                "name": safe_name,
                "size": len(content) / 1024 / 1024,
                "limit": settings.FORO_MAX_UPLOAD_MB,
            }
        )
    mime = sniff(content, safe_name)
    if mime not in allowed:
        accepted = ", ".join(sorted(set(allowed.values())))
        raise InvalidFile(
            _("The file “%(name)s” is not a document type we accept (accepted: %(accepted)s).")
            % {"name": safe_name, "accepted": accepted}
        )
    return CheckedFile(safe_name, content, mime, hashlib.sha256(content).hexdigest())


def download_response(document):
    """A stored document as a download: always an attachment, with the type sniffed at
    upload, so a browser never renders uploaded content as a page."""
    from django.http import FileResponse

    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
