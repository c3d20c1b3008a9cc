"""Evidence files of every allowed kind, and a data folder of the test's own."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml():
    return zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})


def odf(kind):
    return zipped({"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": ""})


# name: (bytes, the content type stored)
SAMPLES = {
    "rkc accession.pdf": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf"),
    "photo.png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    "photo.jpg": (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    "photo.JPEG": (b"\xff\xd8\xff\xdb" + b"\x00" * 20, "image/jpeg"),
    "chart.gif": (b"GIF89a" + b"\x00" * 20, "image/gif"),
    "chart.webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "image/webp"),
    "minutes.docx": (
        ooxml(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "figures.xlsx": (
        ooxml(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "slides.pptx": (
        ooxml(),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "minutes.odt": (odf("text"), "application/vnd.oasis.opendocument.text"),
    "figures.ods": (odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
    "slides.odp": (odf("presentation"), "application/vnd.oasis.opendocument.presentation"),
    "old.doc": (OLE + b"\x00" * 100, "application/msword"),
    "old.xls": (OLE + b"\x00" * 100, "application/vnd.ms-excel"),
    "old.ppt": (OLE + b"\x00" * 100, "application/vnd.ms-powerpoint"),
    "notes.txt": ("Notes: la Douane — 税関\n".encode(), "text/plain; charset=utf-8"),
    "table.csv": (b"member,status\nFJI,achieved\n", "text/csv; charset=utf-8"),
}


def upload(name, data=None):
    if data is None:
        data = SAMPLES[name][0]
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def _own_evidence_dir(evidence_dir):
    """No test here writes to the real data folder."""


def files_in(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
