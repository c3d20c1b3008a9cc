"""Shared helpers for the suggestion tests: a KPI and its action from plain words."""

import datetime

from bench.suggest_agreement import builtin_topics
from stratmon.planfiles.schema import ActionDoc, KpiDoc, PlanDoc
from stratmon.planfiles.suggest import Suggestion, suggest_measure

TOPICS = builtin_topics()
PLAN = PlanDoc("p", "org", "Plan", datetime.date(2024, 1, 1), datetime.date(2026, 12, 31), 1)


def suggest(action: str, indicator: str, target: str, code: str = "1.a") -> Suggestion:
    kpi = KpiDoc(code, indicator, target, datetime.date(2026, 12, 31))
    return suggest_measure(
        kpi, ActionDoc(code.rsplit(".", 1)[0], action, kpis=(kpi,)), PLAN, TOPICS
    )
