"""Verbs on recorded facts shared by the CLI, the web app and tests."""

from __future__ import annotations

from importlib import resources

import yaml
from django.db import transaction

from .models import Topic, TopicAlias

BUILTIN = resources.files("stratmon.facts") / "builtin"


@transaction.atomic
def load_topics() -> int:
    """Create the built-in topics that are missing, and give built-in topics without synonyms
    the shipped ones; returns how many topics were created. Names and synonyms a person
    edited are kept."""
    entries = yaml.safe_load((BUILTIN / "topics.yaml").read_text(encoding="utf-8"))
    existing = {t.code: t for t in Topic.objects.all()}
    # A built-in topic merged into another is not made again (docs/topics.md).
    merged = set(TopicAlias.objects.values_list("code", flat=True))
    new = [
        Topic(code=e["code"], name=e["name"], synonyms=list(e.get("synonyms", ())))
        for e in entries
        if e["code"] not in existing and e["code"] not in merged
    ]
    Topic.objects.bulk_create(new)
    bare = [
        existing[e["code"]]
        for e in entries
        if e["code"] in existing and e.get("synonyms") and not existing[e["code"]].synonyms
    ]
    for topic in bare:
        topic.synonyms = list(next(e["synonyms"] for e in entries if e["code"] == topic.code))
    Topic.objects.bulk_update(bare, ["synonyms"])
    return len(new)
