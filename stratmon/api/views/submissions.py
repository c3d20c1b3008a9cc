"""Members' submissions: a focal point's system proposes facts for its own Member, the
Secretariat reviews them. Every step goes through stratmon.submissions.services, as on the
web, and is recorded in the change history via "api" (docs/api.md)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, parsers, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from stratmon.accounts import access
from stratmon.facts.workbook.reader import WorkbookError
from stratmon.plans.models import Member
from stratmon.submissions import services
from stratmon.submissions.kinds import proposal_problems
from stratmon.submissions.models import Submission

from ..busy import BUSY_RESPONSE, AnswersBusy
from ..problems import Problem
from ..rows_schema import RowsField, SafeTextField

VIA = "api"
MAX_VERSION, MAX_ID = 2**31 - 1, 2**63 - 1


class SubmissionSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(
        slug_field="iso3", read_only=True, help_text="the Member reporting (ISO alpha-3)"
    )
    topic = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="a status's topic"
    )
    rows = RowsField(help_text="the workbook rows it proposes, {sheet: [{column: value}]}")
    applied = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="the ids of the records written on approval, by sheet ({} until then)",
    )
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="who drafted it"
    )
    reviewed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="who reviewed it last"
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "member",
            "kind",
            "state",
            "title",
            "topic",
            "rows",
            "comment",
            "version",
            "created_at",
            "created_by",
            "updated_at",
            "submitted_at",
            "reviewed_at",
            "reviewed_by",
            "applied",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Submission.Kind.choices)
    rows = RowsField(
        help_text="the rows of the kind's sheet (one row) and, for an activity, its "
        "participations; your Member is pinned into them and ids are given on approval"
    )
    submit = serializers.BooleanField(
        default=False, help_text="check and send it for review now (false: keep a draft)"
    )


class ChangeSerializer(serializers.Serializer):
    rows = RowsField(help_text="the rows in full, replacing those stored")
    version = serializers.IntegerField(
        min_value=1, max_value=MAX_VERSION, help_text="the version you read"
    )
    submit = serializers.BooleanField(default=False, help_text="check and send it for review now")


class StepSerializer(serializers.Serializer):
    comment = SafeTextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="for the Member to read: required to return or reject",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_VERSION,
        help_text="the version you read: refused (409) if the submission changed since",
    )


class SubmissionFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Submission.State.choices)
    kind = django_filters.ChoiceFilter(choices=Submission.Kind.choices)
    member = django_filters.CharFilter(
        field_name="member__iso3", lookup_expr="iexact", label="the Member's ISO alpha-3 code"
    )

    class Meta:
        model = Submission
        fields = ["state", "kind", "member"]


def _readable(request: Request) -> QuerySet[Submission]:
    if not access.reads_submissions(request.user):
        raise Problem(403, "Submissions are for focal points and the Secretariat.")
    return access.visible_submissions(request.user)


def _visible(request: Request, pk: int) -> Submission:
    readable = _readable(request)
    # An id past the database's integer range is no submission (PostgreSQL would refuse it).
    found = readable.select_related("member").filter(pk=pk).first() if pk <= MAX_ID else None
    if found is None:
        raise Problem(404, f"No submission #{pk} that you may see.")
    return found


def _checked(kind: str, rows: dict[str, Any], member: Member, submit: bool) -> None:
    """Refuse (400, with every problem's place) rows the kind may not hold, and, when they
    are to be sent now, rows that would not pass review; nothing is saved then."""
    problems = proposal_problems(kind, rows)
    if problems:
        raise WorkbookError([p.message for p in problems], problems=problems)
    if submit:
        services.check_proposal(member, kind, rows)


def _shown(submission: Submission, code: int = status.HTTP_200_OK) -> Response:
    response = Response(SubmissionSerializer(submission).data, status=code)
    if code == status.HTTP_201_CREATED:
        response["Location"] = reverse("api-submission", args=[submission.pk])
    return response


class SubmissionList(AnswersBusy, generics.GenericAPIView):
    serializer_class = SubmissionSerializer
    filterset_class = SubmissionFilter
    parser_classes = [parsers.JSONParser]

    def get_queryset(self) -> QuerySet[Submission]:
        if getattr(self, "swagger_fake_view", False):
            return Submission.objects.none()
        found = _readable(self.request)
        return found.select_related("member", "topic", "created_by", "reviewed_by")

    @extend_schema(responses=SubmissionSerializer(many=True))
    def get(self, request: Request) -> Response:
        """The submissions you see, latest changed first: a focal point its Member's (drafts
        too), the Secretariat those of its organisation's Members once sent."""
        for name in ("state", "kind"):
            if name in request.query_params and not request.query_params[name].strip():
                message = "name one (or leave the parameter out)"
                raise Problem(400, f"{name}: {message}", [{"field": name, "message": message}])
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(SubmissionSerializer(page, many=True).data)

    @extend_schema(
        request=ProposalSerializer, responses={201: SubmissionSerializer, **BUSY_RESPONSE}
    )
    def post(self, request: Request) -> Response:
        """Propose facts for your own Member (focal points only): a draft, or with
        `submit: true` checked and sent for review at once. A proposal that fails a check is
        refused with every problem's sheet, row and column, and nothing is saved."""
        member = access.reporting_member(request.user)
        if member is None:
            raise Problem(403, "Only a Member's focal point proposes facts, for its own Member.")
        body = ProposalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        kind, rows, submit = (body.validated_data[k] for k in ("kind", "rows", "submit"))
        _checked(kind, rows, member, submit)
        with transaction.atomic():
            saved = services.save_draft(request.user, member, kind, rows, via=VIA)
            if submit:
                saved = services.submit(request.user, saved, version=saved.version, via=VIA)
        return _shown(saved, status.HTTP_201_CREATED)


class SubmissionDetail(AnswersBusy, generics.GenericAPIView):
    serializer_class = SubmissionSerializer
    parser_classes = [parsers.JSONParser]
    queryset = Submission.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        """One submission: its rows, state, reviewer's comment and the records approval wrote."""
        return _shown(_visible(request, pk))

    @extend_schema(request=ChangeSerializer, responses={200: SubmissionSerializer, **BUSY_RESPONSE})
    def put(self, request: Request, pk: int) -> Response:
        """Correct a draft or a returned submission (its Member's focal point): the rows in
        full and the version you read; with `submit: true`, send it for review too. Refused
        with nothing changed if a check fails (400) or it changed since (409)."""
        submission = _visible(request, pk)
        if not access.can_submit_for(request.user, submission.member):
            raise Problem(403, "Only the Member's focal point changes its submissions.")
        body = ChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows, version, submit = (body.validated_data[k] for k in ("rows", "version", "submit"))
        _checked(submission.kind, rows, submission.member, submit)
        try:
            with transaction.atomic():
                saved = services.save_draft(
                    request.user,
                    submission.member,
                    submission.kind,
                    rows,
                    submission=submission,
                    version=version,
                    via=VIA,
                )
                if submit:
                    saved = services.submit(request.user, saved, version=saved.version, via=VIA)
        except services.SubmissionError as exc:
            raise Problem(409, str(exc)) from None
        return _shown(saved)


class SubmissionStep(AnswersBusy, generics.GenericAPIView):
    """One step of a submission's life (services.STEPS names whose step it is)."""

    step = ""
    serializer_class = StepSerializer
    parser_classes = [parsers.JSONParser]
    queryset = Submission.objects.none()

    @extend_schema(request=StepSerializer, responses={200: SubmissionSerializer, **BUSY_RESPONSE})
    def post(self, request: Request, pk: int) -> Response:
        submission = _visible(request, pk)
        if services.STEPS[self.step][2] == "member":
            allowed = access.can_submit_for(request.user, submission.member)
        else:
            allowed = access.can_review_submission(request.user, submission)
        if not allowed:
            raise Problem(403, f"You may not {self.step} this submission.")
        body = StepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment, version = body.validated_data["comment"], body.validated_data.get("version")
        if self.step in services.NEEDS_COMMENT and not comment.strip():
            message = f"say why you {self.step} it: the Member reads your comment"
            raise Problem(400, f"comment: {message}", [{"field": "comment", "message": message}])
        try:
            done = self.take(request.user, submission, comment.strip(), version)
        except services.SubmissionError as exc:
            raise Problem(409, str(exc)) from None
        return _shown(done)

    def take(self, user: Any, submission: Submission, comment: str, version: int | None) -> Any:
        raise NotImplementedError


class SubmitStep(SubmissionStep):
    """Send a draft or a returned submission for review (its Member's focal point), once it
    passes every check; a failing check is a 400 naming its sheet, row and column."""

    step = "submit"

    def take(self, user: Any, submission: Submission, comment: str, version: int | None) -> Any:
        return services.submit(user, submission, version=version, via=VIA)


class WithdrawStep(SubmissionStep):
    """Withdraw a draft, sent or returned submission (its Member's focal point)."""

    step = "withdraw"

    def take(self, user: Any, submission: Submission, comment: str, version: int | None) -> Any:
        return services.withdraw(user, submission, version=version, via=VIA)


class ApproveStep(SubmissionStep):
    """Approve a sent submission (the Secretariat of the Member's organisations): its facts
    are written, with new ids (`applied`), and count from now on. If they no longer pass the
    checks (the data changed meanwhile), a 400 says why and nothing is written."""

    step = "approve"

    def take(self, user: Any, submission: Submission, comment: str, version: int | None) -> Any:
        return services.approve(user, submission, comment, version=version, via=VIA)


class ReturnStep(SubmissionStep):
    """Return a sent submission to its Member to correct; `comment` says what."""

    step = "return"

    def take(self, user: Any, submission: Submission, comment: str, version: int | None) -> Any:
        return services.return_(user, submission, comment, version=version, via=VIA)


class RejectStep(SubmissionStep):
    """Reject a sent submission; `comment` says why."""

    step = "reject"

    def take(self, user: Any, submission: Submission, comment: str, version: int | None) -> Any:
        return services.reject(user, submission, comment, version=version, via=VIA)


STEP_VIEWS = (SubmitStep, WithdrawStep, ApproveStep, ReturnStep, RejectStep)
