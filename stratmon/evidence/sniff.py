"""Which evidence files are allowed: the name's extension and the file's first bytes must agree.

Pure Python (no Django): `sniff(name, data)` returns the content type to store and serve, or
raises `Refused` with one sentence naming the file. A renamed program or web page is refused,
whatever its extension: the type is never taken from the browser's word.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

ALLOWED = "PDF, images, office documents, text"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (doc, xls, ppt)
ZIP = b"PK\x03\x04"


class Refused(ValueError):
    """A file that is not allowed; the message names it and says why."""


@dataclass(frozen=True)
class Kind:
    label: str  # as in "report.pdf is not a PDF file"
    content_type: str
    matches: Callable[[bytes], bool]


def _starts(*prefixes: bytes) -> Callable[[bytes], bool]:
    return lambda data: data.startswith(prefixes)


def _webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def _ooxml(data: bytes) -> bool:
    """A ZIP archive holding `[Content_Types].xml`, as every Office Open XML file does."""
    return data.startswith(ZIP) and "[Content_Types].xml" in _names(data)


def _odf(mimetype: str) -> Callable[[bytes], bool]:
    """A ZIP archive whose `mimetype` member names the OpenDocument type."""

    def matches(data: bytes) -> bool:
        if not data.startswith(ZIP) or "mimetype" not in _names(data):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return archive.read("mimetype").strip() == mimetype.encode()
        except Exception:  # a damaged archive in any of zipfile's ways
            return False

    return matches


def _names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except Exception:  # zipfile raises several kinds on a damaged archive
        return []


def _text(data: bytes) -> bool:
    """UTF-8 without NUL bytes, and not markup a browser would run as a page."""
    if b"\x00" in data:
        return False
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        return False
    return text.lstrip()[:1] != "<"


_OD = "application/vnd.oasis.opendocument."
_OX = "application/vnd.openxmlformats-officedocument."
_PNG = _starts(b"\x89PNG\r\n\x1a\n")
_JPEG = _starts(b"\xff\xd8\xff")
_GIF = _starts(b"GIF87a", b"GIF89a")
_PDF = _starts(b"%PDF-")
_OLE = _starts(OLE)

# By extension (lower case, with the dot).
KINDS: dict[str, Kind] = {
    ".pdf": Kind("PDF file", "application/pdf", _PDF),
    ".png": Kind("PNG image", "image/png", _PNG),
    ".jpg": Kind("JPEG image", "image/jpeg", _JPEG),
    ".jpeg": Kind("JPEG image", "image/jpeg", _JPEG),
    ".gif": Kind("GIF image", "image/gif", _GIF),
    ".webp": Kind("WebP image", "image/webp", _webp),
    ".docx": Kind("Word document", _OX + "wordprocessingml.document", _ooxml),
    ".xlsx": Kind("Excel workbook", _OX + "spreadsheetml.sheet", _ooxml),
    ".pptx": Kind("PowerPoint presentation", _OX + "presentationml.presentation", _ooxml),
    ".odt": Kind("OpenDocument text document", _OD + "text", _odf(_OD + "text")),
    ".ods": Kind("OpenDocument spreadsheet", _OD + "spreadsheet", _odf(_OD + "spreadsheet")),
    ".odp": Kind("OpenDocument presentation", _OD + "presentation", _odf(_OD + "presentation")),
    ".doc": Kind("Word document", "application/msword", _OLE),
    ".xls": Kind("Excel workbook", "application/vnd.ms-excel", _OLE),
    ".ppt": Kind("PowerPoint presentation", "application/vnd.ms-powerpoint", _OLE),
    ".txt": Kind("text file (UTF-8)", "text/plain; charset=utf-8", _text),
    ".csv": Kind("CSV file (UTF-8)", "text/csv; charset=utf-8", _text),
}
# Shown in the browser rather than downloaded (everything else is an attachment).
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})


def extension(name: str) -> str:
    """The name's extension in lower case, with the dot; "" when it has none."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def sniff(name: str, data: bytes) -> str:
    """The content type of the file `name` holding `data`, if its extension is allowed and its
    bytes are what the extension says; else `Refused`. Never raises anything else."""
    kind = KINDS.get(extension(name))
    if kind is None:
        raise Refused(f"{name}: type not allowed; allowed: {ALLOWED}")
    if not kind.matches(data):
        article = "an" if kind.label[0] in "AEIOU" else "a"
        raise Refused(f"{name} is not {article} {kind.label}")
    return kind.content_type
