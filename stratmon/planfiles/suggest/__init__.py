"""Suggested measures: from a KPI's words, typed target and action to a measure, with the
reason in words and how well it fits. Pure (no Django); see docs/measure-suggestions.md."""

from __future__ import annotations

from .plan import (
    accept_suggestions,
    fit_of_reason,
    plan_suggestions,
    suggest_measure,
    suggest_plan_measures,
)
from .types import CLOSEST, GOOD, NONE, Suggestion, TopicWords, read_topic_words

__all__ = [
    "CLOSEST",
    "GOOD",
    "NONE",
    "Suggestion",
    "TopicWords",
    "accept_suggestions",
    "fit_of_reason",
    "plan_suggestions",
    "read_topic_words",
    "suggest_measure",
    "suggest_plan_measures",
]
