"""Verbs on recorded facts shared by the CLI, the web app and tests."""

from __future__ import annotations

from importlib import resources

import yaml
from django.db import transaction

from .models import Topic

BUILTIN = resources.files("stratmon.facts") / "builtin"


@transaction.atomic
def load_topics() -> int:
    """Create the built-in topics that are missing; returns how many were created."""
    entries = yaml.safe_load((BUILTIN / "topics.yaml").read_text(encoding="utf-8"))
    existing = set(Topic.objects.values_list("code", flat=True))
    new = [Topic(code=e["code"], name=e["name"]) for e in entries if e["code"] not in existing]
    Topic.objects.bulk_create(new)
    return len(new)
