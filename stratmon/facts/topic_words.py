"""Topics as the measure suggestions see them: code, name and synonyms from the Topic table."""

from __future__ import annotations

from importlib import resources

from django.db import DatabaseError

from stratmon.facts.models import Topic
from stratmon.facts.services import BUILTIN
from stratmon.planfiles.suggest import TopicWords, read_topic_words


def builtin_topic_words() -> tuple[TopicWords, ...]:
    """The shipped topics (stratmon/facts/builtin/topics.yaml)."""
    with resources.as_file(BUILTIN / "topics.yaml") as path:
        return read_topic_words(path)


def topic_words() -> tuple[TopicWords, ...]:
    """Every topic of the database, in code order; the built-in ones when the table is empty
    or there is no database yet (`stratmon plan import` runs without one)."""
    try:
        rows = list(Topic.objects.order_by("code").values_list("code", "name", "synonyms"))
    except DatabaseError:
        rows = []
    if not rows:
        return builtin_topic_words()
    return tuple(
        TopicWords(code, name, tuple(s for s in synonyms or () if isinstance(s, str) and s))
        for code, name, synonyms in rows
    )
