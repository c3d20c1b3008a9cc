"""Plans, their tree and plan file, and their KPIs as of any date."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stratmon.accounts import access
from stratmon.kpis.live import plan_evaluations, trends
from stratmon.kpis.services import KpiEvaluation
from stratmon.planfiles.schema import dump_plan
from stratmon.plans.models import KPI, Action, Pillar, Plan
from stratmon.plans.services.tree import export_plan

from ..kpi_schema import KpiPageSerializer, KpiSerializer, TrendSerializer
from ..pagination import PAGE_PARAMETERS, Pages
from ..problems import Problem

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="YYYY-MM-DD (default: today)", required=False
)
VERSION = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": 99999},
    description="a version of the plan (default: the one in use)",
    required=False,
)


def as_of(request: Request) -> datetime.date:
    """`?as_of=YYYY-MM-DD`, default today; a 400 naming the parameter otherwise."""
    text = request.query_params.get("as_of", "").strip()
    if not text:
        return timezone.localdate()
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2999:
        raise Problem(
            400,
            f"as_of: {text[:40]!r} is not a date between 1900 and 2999 (write YYYY-MM-DD)",
            [{"field": "as_of", "message": "write YYYY-MM-DD"}],
        )
    return day


def version_of(request: Request) -> int | None:
    text = request.query_params.get("version", "").strip()
    if not text:
        return None
    if not text.isdigit() or not 0 < int(text) < 100000:
        raise Problem(
            400,
            f"version: {text[:20]!r} is not a plan version (a whole number from 1)",
            [{"field": "version", "message": "a whole number from 1"}],
        )
    return int(text)


def plan_of(request: Request, code: str) -> Plan:
    """The plan `code` the user reads (its version in use, or `?version=`), else 404."""
    return access.get_visible_plan(request.user, code, version_of(request))


class PlanSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Plan
        fields = [
            "code",
            "version",
            "title",
            "organisation",
            "status",
            "period_start",
            "period_end",
            "pillar_label",
            "objective_label",
            "action_label",
        ]


class KpiItemSerializer(serializers.ModelSerializer):
    target = serializers.CharField(source="target_text")
    measure = serializers.JSONField(help_text="how StratMon counts it ({} : not measured)")

    class Meta:
        model = KPI
        fields = ["code", "text", "target", "deadline", "origin", "measure", "done_on"]


class ActionSerializer(serializers.ModelSerializer):
    objective = serializers.SerializerMethodField()
    kpis = KpiItemSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = ["code", "objective", "text", "reference", "kpis"]

    def get_objective(self, action: Action) -> str | None:
        return action.objective.code if action.objective else None


class PillarSerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Pillar
        fields = ["code", "title", "overall_objective", "actions"]


class PlanTreeSerializer(PlanSerializer):
    pillars = PillarSerializer(many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "pillars"]


class PlanList(generics.ListAPIView):
    """The plans you read, each in the version in use (drafts too for their Secretariat)."""

    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        plans = access.visible_plans(self.request.user).select_related("organisation")
        return plans.current().order_by("organisation__code", "code")


class PlanDetail(APIView):
    @extend_schema(parameters=[VERSION], responses=PlanTreeSerializer)
    def get(self, request: Request, code: str) -> Response:
        """A plan with its tree: pillars, actions and their KPIs with targets and measures."""
        plan = plan_of(request, code)
        kpis = KPI.objects.order_by("order")
        actions = Action.objects.select_related("objective").order_by("order")
        pillars = (
            Pillar.objects.filter(plan=plan)
            .order_by("order")
            .prefetch_related(
                Prefetch("actions", queryset=actions), Prefetch("actions__kpis", queryset=kpis)
            )
        )
        plan = Plan.objects.select_related("organisation").get(pk=plan.pk)
        plan._prefetched_objects_cache = {"pillars": pillars}  # type: ignore[attr-defined]
        return Response(PlanTreeSerializer(plan).data)


class YamlRenderer(renderers.BaseRenderer):
    """The plan file as text; a problem (a dict) as JSON."""

    media_type = "application/yaml"
    format = "yaml"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: Any = None, context: Any = None) -> bytes:
        if isinstance(data, str):
            return data.encode("utf-8")
        return renderers.JSONRenderer().render(data)


# The plan file is YAML text; what it holds is a mapping (docs/plan-file.md).
PLAN_FILE = OpenApiResponse(
    OpenApiTypes.OBJECT, description="the plan file, a YAML mapping (docs/plan-file.md)"
)


class PlanFile(APIView):
    renderer_classes = [YamlRenderer]

    @extend_schema(parameters=[VERSION], responses={(200, "application/yaml"): PLAN_FILE})
    def get(self, request: Request, code: str) -> HttpResponse:
        """The canonical plan file (YAML), as `stratmon plan export` writes it."""
        plan = plan_of(request, code)
        text = dump_plan(export_plan(plan))
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{plan.code}.yaml"'
        return response


def _kpi_json(evaluations: list[KpiEvaluation]) -> list[dict[str, Any]]:
    return [e.to_json() for e in evaluations]


class PlanKpis(APIView):
    @extend_schema(
        operation_id="plans_kpis_list",
        parameters=[AS_OF, VERSION, *PAGE_PARAMETERS],
        responses=KpiPageSerializer,
    )
    def get(self, request: Request, code: str) -> Response:
        """Every KPI of the plan as of a date, in plan order: the objects
        `stratmon kpis PLAN --as-of DATE --json` prints (CONTRACT.md's KPI JSON)."""
        plan = plan_of(request, code)
        found = _kpi_json(plan_evaluations(plan, as_of(request)))
        pages = Pages()
        page = pages.paginate_queryset(found, request, view=self)  # type: ignore[arg-type]
        return pages.get_paginated_response(page)


def kpi_of(plan: Plan, code: str) -> KPI:
    kpi = plan.kpis.select_related("action", "plan").filter(code=code).first()
    if kpi is None:
        raise Problem(404, f"{plan.code} has no KPI {code[:40]!r}")
    return kpi


class PlanKpi(APIView):
    @extend_schema(parameters=[AS_OF, VERSION], responses=KpiSerializer)
    def get(self, request: Request, code: str, kpi: str) -> Response:
        """One KPI as of a date."""
        plan = plan_of(request, code)
        found = kpi_of(plan, kpi)
        (evaluation,) = plan_evaluations(plan, as_of(request), [found])
        return Response(evaluation.to_json())


def _figures(result: dict[str, Any]) -> dict[str, Any]:
    return {k: result[k] for k in ("actual", "expected", "status")}


class PlanKpiTrend(APIView):
    @extend_schema(parameters=[AS_OF, VERSION], responses=TrendSerializer)
    def get(self, request: Request, code: str, kpi: str) -> Response:
        """One KPI's series: its value, expected value and status at each month end from the
        plan's start to the as-of date (the last point is the as-of date itself)."""
        plan = plan_of(request, code)
        found = kpi_of(plan, kpi)
        day = as_of(request)
        series = trends(plan, day, [found])[found.pk] if day >= plan.period_start else []
        points = [{"as_of": e.as_of.isoformat(), **_figures(e.result.to_json())} for e in series]
        return Response(
            {"plan": plan.code, "kpi": found.code, "as_of": day.isoformat(), "points": points}
        )
