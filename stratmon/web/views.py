"""Thin views: parse the request, call one service or query helper, render."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stratmon.plans import services
from stratmon.plans.models import Member

from .access import get_plan_for_reading, visible_plans
from .plan_tree import build_plan_tree


def plan_list(request: HttpRequest) -> HttpResponse:
    summaries = services.plan_summaries(visible_plans(request))
    return render(request, "web/plan_list.html", {"summaries": summaries})


def plan_detail(request: HttpRequest, code: str) -> HttpResponse:
    plan = get_plan_for_reading(request, code)
    today: datetime.date = timezone.localdate()
    context = {
        "plan": plan,
        "tree": build_plan_tree(plan),
        "today": today,
        "members_today": Member.objects.of(plan.organisation, today).count(),
        "members_at_start": Member.objects.of(plan.organisation, plan.period_start).count(),
    }
    return render(request, "web/plan_detail.html", context)
