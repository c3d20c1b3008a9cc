"""The KPI JSON of CONTRACT.md as OpenAPI components. The objects themselves come from
`KpiEvaluation.to_json()`, the one definition `stratmon kpis --json` prints too; these
serializers only describe them (tests check the two agree)."""

from __future__ import annotations

from rest_framework import serializers

STATUSES = ["achieved", "on_track", "at_risk", "off_track", "not_started", "no_data"]
KINDS = ["count", "share", "mean", "change", "value", "milestone"]


class NumberField(serializers.FloatField):
    """A JSON number (an integer when whole), or null."""


class TargetSerializer(serializers.Serializer):
    text = serializers.CharField()
    parsed = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=KINDS, allow_null=True)
    comparator = serializers.ChoiceField(choices=[">=", "<=", ">", "<"], allow_null=True)
    value = NumberField(allow_null=True)
    out_of = NumberField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    per_months = serializers.IntegerField(allow_null=True)
    by = serializers.DateField(allow_null=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    actual = NumberField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)


class KpiSerializer(serializers.Serializer):
    plan = serializers.CharField()
    action = serializers.CharField()
    kpi = serializers.CharField()
    text = serializers.CharField()
    target = TargetSerializer()
    deadline = serializers.DateField()
    as_of = serializers.DateField()
    actual = NumberField(allow_null=True)
    expected = NumberField(allow_null=True)
    projected = NumberField(allow_null=True)
    status = serializers.ChoiceField(choices=STATUSES)
    reason = serializers.CharField()
    periods = PeriodSerializer(many=True)
    members = serializers.IntegerField(help_text="Members of the organisation on as_of")
    origin = serializers.CharField()
    measure = serializers.DictField(allow_null=True, help_text="how the KPI is measured")
    evidence = serializers.CharField(allow_null=True)


class TrendPointSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    actual = NumberField(allow_null=True)
    expected = NumberField(allow_null=True)
    status = serializers.ChoiceField(choices=STATUSES)


class TrendSerializer(serializers.Serializer):
    plan = serializers.CharField()
    kpi = serializers.CharField()
    as_of = serializers.DateField()
    points = TrendPointSerializer(many=True, help_text="month ends from the plan's start")


class KpiPageSerializer(serializers.Serializer):
    """A page of KPI JSON objects."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = KpiSerializer(many=True)
