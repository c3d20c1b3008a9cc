"""Storing and deleting evidence files: checked first, then the file and its row together.

Every form, command or API that takes evidence calls `check_upload` (or `clean_evidence` for
several files at once) to validate, and `store_evidence` to keep a file. A refusal is a
ValidationError with one sentence naming the file, and writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from stratmon.history.recording import delete_records, record_created
from stratmon.plans.models import Member, Organisation

from .models import EvidenceFile
from .sniff import Refused, extension, sniff

VIA = "form"
NAME_LENGTH = 150
# Besides letters and digits, what a file name keeps; anything else becomes "_".
NAME_PUNCTUATION = frozenset(" ._-()+,")


def display_name(name: str) -> str:
    """The file name as shown and sent back: the last path part, letters, digits and a little
    punctuation only (no quotes, slashes or control characters), at most 150 characters with
    the extension kept; "evidence" when nothing is left."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    safe = "".join(c if c.isalnum() or c in NAME_PUNCTUATION else "_" for c in base)
    safe = " ".join(safe.split()).strip(". ")
    cut = len(safe) - len(extension(safe))
    stem, ext = safe[:cut], safe[cut:]
    stem = stem[: NAME_LENGTH - len(ext)].rstrip(". ") or "evidence"
    return stem + ext


def megabytes(size: int) -> str:
    """`size` bytes in MB with one decimal, "10 MB" rather than "10.0 MB"."""
    text = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{text} MB"


def _read(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    return data


def check_upload(upload: UploadedFile) -> str:
    """The content type of an allowed upload; ValidationError naming the file otherwise.

    Too large: more than settings.EVIDENCE_MAX_BYTES. Not allowed: an extension outside the
    list in stratmon/evidence/sniff.py, or bytes that are not what the extension says.
    """
    name = display_name(upload.name or "")
    limit = settings.EVIDENCE_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            f"{name} is {megabytes(size)}; evidence files may be at most {megabytes(limit)}",
            code="too_large",
        )
    if size == 0:
        raise ValidationError(f"{name} is empty", code="empty")
    try:
        return sniff(name, _read(upload))
    except Refused as exc:
        raise ValidationError(str(exc), code="type") from None


def clean_evidence(files: Iterable[UploadedFile]) -> list[UploadedFile]:
    """Check every file before any is stored; one ValidationError listing each refusal."""
    files = list(files)
    errors: list[ValidationError] = []
    for upload in files:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
    return files


def store_evidence(
    upload: UploadedFile,
    *,
    member: Member | None = None,
    organisation: Organisation | None = None,
    user: Any,
    via: str = VIA,
) -> EvidenceFile:
    """Keep `upload` as evidence of `member`'s data, or of `organisation`'s (exactly one).

    The file goes to EVIDENCE_DIR/yyyy/mm/<random><ext> under a temporary name first; the row
    and its history entry are written in one transaction, and the file takes its name inside
    it. Whatever fails, neither the file nor the row is left. (If a caller's own enclosing
    transaction rolls back afterwards, the file stays on disk without a row: harmless, and
    `unreferenced_files()` finds it.)
    """
    if (member is None) == (organisation is None):
        raise ValueError("evidence belongs to a Member or to an organisation: give one")
    content_type = check_upload(upload)
    name = display_name(upload.name or "")
    now = timezone.now()
    relative = f"{now:%Y}/{now:%m}/{secrets.token_urlsafe(18)}{extension(name)}"
    root = Path(settings.EVIDENCE_DIR)
    final = root / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f".incoming-{final.name}")
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temporary, "xb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        with transaction.atomic():
            evidence = EvidenceFile.objects.create(
                member=member,
                organisation=organisation,
                name=name,
                path=relative,
                content_type=content_type,
                size=size,
                sha256=digest.hexdigest(),
                uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            )
            record_created(EvidenceFile.objects.filter(pk=evidence.pk), user=user, via=via)
            os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    return evidence


def delete_evidence(file: EvidenceFile, user: Any, *, via: str = VIA) -> None:
    """Delete the row (recorded in the history), and the file once the deletion is committed."""
    path = file.file_path
    with transaction.atomic():
        delete_records([file], user=user, via=via)
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def unreferenced_files() -> list[Path]:
    """Files under EVIDENCE_DIR that no row names (left by a rolled-back caller or a crash)."""
    root = Path(settings.EVIDENCE_DIR)
    if not root.is_dir():
        return []
    known = set(EvidenceFile.objects.values_list("path", flat=True))
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix() not in known
    )
