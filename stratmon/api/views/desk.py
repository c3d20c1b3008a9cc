"""The request desk (docs/desk.md): a Member's system files requests for assistance and follows
them; the Secretariat's system moves them from received to evaluated and reads the experts
ranked for one. Filing and each move go through the same form checks and the one service the
web pages call (stratmon.desk.moves), recorded in the change history via "api"."""

from __future__ import annotations

import dataclasses
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from stratmon.accounts import access
from stratmon.desk.filing import file_with_attachments
from stratmon.desk.matching import rank_case
from stratmon.desk.models import CLOSED, OPEN, Case, Channel, Kind, State, Step, Urgency
from stratmon.desk.moves import ACTIONS, CALLS, actions_open, may_act, who
from stratmon.desk.request_forms import FilingForm

from ..busy import BUSY_RESPONSE, AnswersBusy
from ..problems import Problem
from ..rows_schema import SafeTextField

VIA = "api"
MAX_ID = 2**63 - 1
STATE_FILTERS = [("open", "still open"), ("closed", "closed"), *State.choices]


class StepSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=State.choices)
    on = serializers.DateField(help_text="the day it happened")
    note = serializers.CharField()
    by = serializers.CharField(
        help_text="who made it: a user name for the desk and for yourself, else a role"
    )


class CaseSerializer(serializers.ModelSerializer):
    ref = serializers.CharField(
        read_only=True, help_text="the id of its `requests` fact, which the KPIs count"
    )
    organisation = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="the organisation asked"
    )
    member = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True, help_text="the Member asking (ISO alpha-3)"
    )
    topics = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="topic codes"
    )
    expert = serializers.SlugRelatedField(
        slug_field="ref", read_only=True, allow_null=True, help_text="the expert proposed"
    )
    activity = serializers.SerializerMethodField(help_text="the activity that answers it")
    steps = serializers.SerializerMethodField()
    moves = serializers.SerializerMethodField(
        help_text="the moves you may make now: POST /api/v1/requests/{id}/{move}/"
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "ref",
            "organisation",
            "member",
            "subject",
            "details",
            "kind",
            "topics",
            "preferred_start",
            "preferred_end",
            "language",
            "urgency",
            "channel",
            "received_on",
            "state",
            "answered_on",
            "declined_reason",
            "expert",
            "activity",
            "steps",
            "moves",
        ]
        read_only_fields = fields

    def get_activity(self, case: Case) -> str | None:
        return case.fact.activity.ref if case.fact.activity_id else None

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, case: Case) -> list[dict[str, Any]]:
        user = self.context["user"]
        sees_names = access.can_move_case(user, case)
        return [
            {"state": s.state, "on": s.on, "note": s.note, "by": who(s, user, sees_names)}
            for s in case.steps.all()
        ]

    def get_moves(self, case: Case) -> list[str]:
        return actions_open(self.context["user"], case)


class FilingSerializer(serializers.Serializer):
    organisation = serializers.CharField(
        required=False,
        max_length=40,
        help_text="the organisation asked (code); may be left out when there is one to ask",
    )
    member = serializers.CharField(
        required=False,
        max_length=3,
        help_text="the Member asking (ISO alpha-3): the Secretariat only; a focal point "
        "files for its own Member",
    )
    subject = SafeTextField(max_length=300)
    details = SafeTextField(required=False, allow_blank=True, max_length=20000, default="")
    kind = serializers.ChoiceField(choices=Kind.choices)
    topics = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=50
    )
    preferred_start = serializers.DateField(required=False, allow_null=True, default=None)
    preferred_end = serializers.DateField(required=False, allow_null=True, default=None)
    language = SafeTextField(required=False, allow_blank=True, max_length=60, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    received_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="the Secretariat, for a request received by letter or e-mail: its date",
    )


def _move_serializer(action: str) -> type[serializers.Serializer]:
    """The body of a move, from the move's own form: the same fields, the same limits."""
    fields: dict[str, serializers.Field] = {}
    for name, field in ACTIONS[action][0].base_fields.items():
        common: dict[str, Any] = {"required": field.required, "help_text": field.help_text}
        if isinstance(field, forms.DateField):
            fields[name] = serializers.DateField(allow_null=not field.required, **common)
        elif isinstance(field, forms.DecimalField):
            fields[name] = serializers.DecimalField(
                max_digits=field.max_digits,
                decimal_places=field.decimal_places,
                min_value=field.min_value,
                allow_null=True,
                **common,
            )
        elif isinstance(field, forms.IntegerField):
            fields[name] = serializers.IntegerField(
                min_value=field.min_value, max_value=field.max_value, allow_null=True, **common
            )
        else:
            assert isinstance(field, forms.CharField), (action, name)
            fields[name] = SafeTextField(
                max_length=field.max_length or 20000, allow_blank=not field.required, **common
            )
    return type(f"{action.title()}Serializer", (serializers.Serializer,), fields)


def _cases(user: Any) -> QuerySet[Case]:
    steps = Step.objects.select_related("by__role").order_by("at", "pk")
    return (
        access.visible_cases(user)
        .select_related("organisation", "member", "expert", "fact__activity")
        .prefetch_related("topics", Prefetch("steps", queryset=steps))
    )


def _readable(request: Request) -> QuerySet[Case]:
    if not access.can_read_desk(request.user):
        raise Problem(403, "Requests are for focal points, the Secretariat and viewers.")
    return _cases(request.user)


def _visible(request: Request, pk: int) -> Case:
    found = _readable(request).filter(pk=pk).first() if pk <= MAX_ID else None
    if found is None:
        raise Problem(404, f"No request #{pk} that you may see.")
    return found


def _shown(request: Request, case: Case, code: int = status.HTTP_200_OK) -> Response:
    """The request as read by `_cases` (after a write, read it again: its steps changed)."""
    response = Response(CaseSerializer(case, context={"user": request.user}).data, status=code)
    if code == status.HTTP_201_CREATED:
        response["Location"] = reverse("api-request", args=[case.pk])
    return response


def _messages(form: forms.Form) -> dict[str, list[str]]:
    found = form.errors.get_json_data()
    return {name: [e["message"] for e in errors] for name, errors in found.items()}


def _refused(problems: dict[str, list[str]]) -> serializers.ValidationError:
    """Form or service problems by field, as the API's 400 problem (problems.py words it)."""
    whole = ("__all__", "")
    return serializers.ValidationError(
        {("non_field_errors" if name in whole else name): texts for name, texts in problems.items()}
    )


class RankedSerializer(serializers.Serializer):
    expert = serializers.CharField(help_text="the expert's reference")
    name = serializers.CharField()
    points = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="out of 100")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="why, in words")


class ExcludedSerializer(serializers.Serializer):
    expert = serializers.CharField(help_text="the expert's reference")
    name = serializers.CharField()
    reason = serializers.CharField(help_text="why they are left out")


class CandidatesSerializer(serializers.Serializer):
    ranked = RankedSerializer(many=True, help_text="best first")
    excluded = ExcludedSerializer(many=True)


class CaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=STATE_FILTERS, method="by_state", help_text="a state, or open or closed"
    )
    organisation = django_filters.CharFilter(
        field_name="organisation__code", lookup_expr="iexact", label="the organisation's code"
    )
    member = django_filters.CharFilter(
        field_name="member__iso3", lookup_expr="iexact", label="the Member's ISO alpha-3 code"
    )

    class Meta:
        model = Case
        fields = ["state", "organisation", "member"]

    def by_state(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        if value in ("open", "closed"):
            return queryset.filter(state__in=OPEN if value == "open" else CLOSED)
        return queryset.filter(state=value)


class CaseList(AnswersBusy, generics.GenericAPIView):
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    parser_classes = [parsers.JSONParser]

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return _readable(self.request).order_by("-received_on", "-pk")

    @extend_schema(responses=CaseSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The requests you see, latest received first: a focal point its Member's (to every
        organisation), the Secretariat and viewers their organisation's."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = {"user": request.user}
        return self.get_paginated_response(CaseSerializer(page, many=True, context=context).data)

    @extend_schema(request=FilingSerializer, responses={201: CaseSerializer, **BUSY_RESPONSE})
    def post(self, request: Request) -> Response:
        """File a request: a focal point for its own Member, to an organisation its Member
        belongs to; the Secretariat for one of its organisation's Members (with
        `received_on`, a request received by letter). Its `requests` fact is written at once
        (KPI 3.b counts it); a request that fails a check is refused and nothing is saved."""
        user = request.user
        scope = access.filing_scope(user)
        if scope is None:
            raise Problem(403, "Requests are filed by a Member's focal point or the Secretariat.")
        body = FilingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        if not data.get("organisation") and scope.organisations.count() == 1:
            data["organisation"] = scope.organisations.get().code
        data["by_letter"] = data.get("received_on") is not None
        form = FilingForm(
            {k: v for k, v in data.items() if v is not None},
            organisations=scope.organisations,
            members=scope.members,
        )
        if not form.is_valid():
            raise _refused(_messages(form))
        member = scope.own or form.cleaned_data["member"]
        filing = form.filing(member)
        if filing.channel == Channel.WEB:  # not a letter: this system sent it
            filing = dataclasses.replace(filing, channel=Channel.API)
        try:
            case = file_with_attachments(filing, [], user=user, via=VIA)
        except ValidationError as exc:
            raise _refused(exc.message_dict) from None
        return _shown(request, _cases(user).get(pk=case.pk), status.HTTP_201_CREATED)


class CaseDetail(AnswersBusy, generics.GenericAPIView):
    serializer_class = CaseSerializer
    queryset = Case.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        """One request: what was asked, its dated steps, the expert and activity, and the
        moves you may make."""
        return _shown(request, _visible(request, pk))


class CaseMove(AnswersBusy, generics.GenericAPIView):
    """One move of a request (stratmon.desk.moves)."""

    action = ""
    parser_classes = [parsers.JSONParser]
    queryset = Case.objects.none()

    def post(self, request: Request, pk: int) -> Response:
        case = _visible(request, pk)
        if not may_act(request.user, case, self.action):
            raise Problem(403, f"You may not {self.action} this request.")
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = {k: v for k, v in body.validated_data.items() if v is not None}
        form = ACTIONS[self.action][0](values)
        if not form.is_valid():
            raise _refused(_messages(form))
        try:
            CALLS[self.action](case, form.cleaned_data, request.user)
        except ValidationError as exc:
            problems = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            if "state" in problems:  # the request's state does not allow it (any more)
                raise Problem(409, " ".join(problems["state"])) from None
            raise _refused(problems) from None
        return _shown(request, _cases(request.user).get(pk=case.pk))


def _move_view(action: str) -> type[CaseMove]:
    serializer = _move_serializer(action)
    doc = {
        "accept": "Accept a received request (the Secretariat of its desk).",
        "decline": "Decline a received request; `reason` is required: the Member reads it.",
        "withdraw": "Withdraw an open request (its Member's focal point, or the desk).",
        "propose": "Propose an expert (by reference) for an accepted request; a contribution "
        "request to the expert's home Member is written (KPI 3.d).",
        "schedule": "Schedule the mission: the activity and the expert's assignment are "
        "written, and the request is answered by that activity (KPI 3.b).",
        "deliver": "Mark it delivered: the activity is held, the request met on `on`.",
        "evaluate": "Record its evaluation (a score, or its survey's) and close it.",
    }[action]

    class View(CaseMove):
        serializer_class = serializer

        @extend_schema(
            request=serializer,
            responses={200: CaseSerializer, **BUSY_RESPONSE},
            operation_id=f"requests_{action}",
            description=doc + " Refused with 409 when the request's state does not allow it.",
        )
        def post(self, request: Request, pk: int) -> Response:
            return super().post(request, pk)

    View.action = action
    View.__name__ = View.__qualname__ = f"Case{action.title()}"
    return View


MOVE_VIEWS = {action: _move_view(action) for action in ACTIONS}


class CaseCandidates(AnswersBusy, generics.GenericAPIView):
    queryset = Case.objects.none()

    @extend_schema(responses=CandidatesSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """The expert pool ranked for an accepted or proposed request (the Secretariat of its
        desk): points and the reasons in words, best first, then the experts left out and
        why (docs/desk.md "Proposing an expert")."""
        case = _visible(request, pk)
        if not access.can_move_case(request.user, case):
            raise Problem(403, "Experts are ranked for the Secretariat that runs the desk.")
        if case.state not in (State.ACCEPTED, State.PROPOSED):
            state = case.get_state_display()
            raise Problem(409, f"Experts are ranked for an accepted request; this one is {state}.")
        ranking = rank_case(case)
        found = {
            "ranked": [
                {
                    "expert": r.candidate.key,
                    "name": r.candidate.name,
                    "points": r.points,
                    "reasons": list(r.reasons),
                }
                for r in ranking.ranked
            ],
            "excluded": [
                {"expert": e.candidate.key, "name": e.candidate.name, "reason": e.reason}
                for e in ranking.excluded
            ],
        }
        return Response(CandidatesSerializer(found).data)
