"""Filing a request with its attachments, as the web form sends it: the files are kept as the
Member's evidence and the request filed in one transaction, so a refused request leaves no
file rows behind (docs/desk.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from stratmon.evidence.services import clean_evidence, store_evidence

from .models import Case
from .services import Filing, check_filing, file_request


def file_with_attachments(
    filing: Filing, uploads: Sequence[UploadedFile], *, user: Any, via: str = "web"
) -> Case:
    """File `filing` with `uploads` attached as evidence of its Member. Raises
    ValidationError by field (the filing's problems, or `attachments`) before writing."""
    problems = check_filing(filing)
    if problems:
        raise ValidationError(problems)
    try:
        clean_evidence(uploads)
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}) from exc
    with transaction.atomic():
        files = [
            store_evidence(upload, member=filing.member, user=user, via=via) for upload in uploads
        ]
        return file_request(filing, user=user, via=via, attachments=files)
