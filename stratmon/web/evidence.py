"""Serving an evidence file to those who may see the data it belongs to.

A file the user may not see answers 404, exactly as one that does not exist: its existence is
not revealed (stratmon.accounts.access.can_view_evidence). The path on disk comes from the
row, never from the URL; the name in the URL must be the file's own.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from stratmon.accounts import access
from stratmon.evidence.models import EvidenceFile

log = logging.getLogger(__name__)


@require_safe
def evidence_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    file = EvidenceFile.objects.select_related("member", "organisation").filter(pk=pk).first()
    if file is None or file.name != name or not access.can_view_evidence(request.user, file):
        raise Http404("No such file")
    root = Path(settings.EVIDENCE_DIR).resolve()
    path = (root / file.path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        log.error("evidence file %s: %s is missing", file.pk, file.path)
        raise Http404("No such file")
    response = FileResponse(
        path.open("rb"),
        content_type=file.content_type,
        as_attachment=not file.inline,
        filename=file.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even a file a browser shows cannot run script or reach StratMon's pages as the user.
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
