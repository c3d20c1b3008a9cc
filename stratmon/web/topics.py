"""The topic pages: every topic, a topic's KPIs and Members by status, adding, editing and
merging topics (docs/topics.md). Views parse the form, call one service and render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stratmon.accounts import access
from stratmon.facts.models import Topic
from stratmon.facts.topic_names import MAX_CODE, MAX_NAME, split_lines
from stratmon.facts.topics import (
    TopicError,
    create_topic,
    merge_preview,
    merge_topics,
    update_topic,
)

from .asof import as_of_date
from .topic_pages import topic_page, topic_rows

VIA = "web"
SYNONYMS_HELP = "One per line: other names a plan document may use (e.g. TRS). Case is ignored."


class TopicForm(forms.Form):
    """Text as typed: the service cleans and checks it, and names the field at fault."""

    code = forms.CharField(
        max_length=MAX_CODE,
        help_text="Lower-case letters, digits and hyphens, e.g. time-release-study. "
        "Measures name the topic by it; it cannot change later.",
    )
    name = forms.CharField(max_length=MAX_NAME)
    synonyms = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=SYNONYMS_HELP
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TopicEditForm(TopicForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["code"]


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label="Merge into (the topic to keep)")
    reason = forms.CharField(
        max_length=500, widget=forms.Textarea(attrs={"rows": 2}), label="Why (for the history)"
    )

    def __init__(self, *args: Any, topic: Topic, others: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "choose a topic")] + [(t.code, f"{t.name} ({t.code})") for t in others]
        self.fields["keep"].choices = choices
        self.topic = topic


def _require_reader(request: HttpRequest) -> None:
    if not access.can_read_topics(request.user):
        raise PermissionDenied("Topics are read by signed-in users with a role.")


def _place(form: forms.Form, error: TopicError) -> None:
    """The service's message on its field, or on the form when the form has no such field."""
    form.add_error(error.field if error.field in form.fields else None, error.problem)


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    as_of = timezone.localdate()
    context = {
        "rows": topic_rows(request.user, as_of),
        "as_of": as_of,
        "can_add": access.can_edit_topics(request.user),
    }
    return render(request, "web/topic_list.html", context)


@require_http_methods(["GET", "POST"])
def topic_new(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_topics(request.user):
        raise PermissionDenied("Topics are added by the Secretariat.")
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                topic = create_topic(
                    data["code"],
                    data["name"],
                    synonyms=split_lines(data["synonyms"]),
                    description=data["description"],
                    user=request.user,
                    via=VIA,
                )
            except TopicError as error:
                _place(form, error)
            else:
                messages.success(request, f"Topic '{topic.name}' ({topic.code}) added.")
                return redirect("topic-detail", code=topic.code)
        status = 400
    return render(request, "web/topic_new.html", {"form": form}, status=status)


def _edit_form(topic: Topic, data: Any = None) -> TopicEditForm:
    initial = {
        "name": topic.name,
        "synonyms": "\n".join(topic.synonyms),
        "description": topic.description,
    }
    return TopicEditForm(data, initial=initial, prefix="edit")


def _merge_form(topic: Topic, data: Any = None) -> MergeForm:
    others = list(Topic.objects.exclude(pk=topic.pk).order_by("name"))
    return MergeForm(data, topic=topic, others=others, prefix="merge")


def _detail(request: HttpRequest, topic: Topic, status: int = 200, **forms_: Any) -> HttpResponse:
    user = request.user
    as_of, date_error = as_of_date(request)
    can_edit, can_merge = access.can_edit_topics(user), access.can_merge_topics(user)
    context = {
        "p": topic_page(user, topic, as_of),
        "as_of": as_of,
        "today": timezone.localdate(),
        "date_error": date_error,
        "edit_form": forms_.get("edit_form") or (_edit_form(topic) if can_edit else None),
        "merge_form": forms_.get("merge_form") or (_merge_form(topic) if can_merge else None),
    }
    return render(request, "web/topic_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def topic_detail(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the topic's page. POST: save its name, synonyms and description."""
    _require_reader(request)
    topic = get_object_or_404(Topic, code=code)
    if request.method == "GET":
        return _detail(request, topic)
    if not access.can_edit_topics(request.user):
        raise PermissionDenied("Topics are edited by the Secretariat.")
    form = _edit_form(topic, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = update_topic(
                topic,
                name=data["name"],
                synonyms=split_lines(data["synonyms"]),
                description=data["description"],
                user=request.user,
                via=VIA,
            )
        except TopicError as error:
            _place(form, error)
        else:
            messages.success(request, "Saved." if changed else "Nothing changed.")
            return redirect("topic-detail", code=topic.code)
    topic.refresh_from_db()
    return _detail(request, topic, status=400, edit_form=form)


@require_POST
def topic_merge(request: HttpRequest, code: str) -> HttpResponse:
    """Merge the topic into another: first what would move, then (step=confirm) the merge."""
    _require_reader(request)
    topic = get_object_or_404(Topic, code=code)
    if not access.can_merge_topics(request.user):
        raise PermissionDenied("Topics are merged by a Secretariat admin.")
    form = _merge_form(topic, request.POST)
    if not form.is_valid():
        return _detail(request, topic, status=400, merge_form=form)
    keep = Topic.objects.get(code=form.cleaned_data["keep"])
    reason = form.cleaned_data["reason"]
    try:
        if request.POST.get("step") != "confirm":
            preview = merge_preview(keep, topic)
            # Every plan counts in the merge, but a plan the user does not read is named
            # only as a number, as elsewhere it does not exist for them.
            seen = access.visible_plans(request.user).filter(code__in=preview.plans)
            plans_seen = sorted(set(seen.values_list("code", flat=True)))
            context = {
                "topic": topic,
                "keep": keep,
                "reason": reason,
                "preview": preview,
                "plans_seen": plans_seen,
                "plans_hidden": len(preview.plans) - len(plans_seen),
            }
            return render(request, "web/topic_merge.html", context)
        done = merge_topics(keep, topic, user=request.user, via=VIA, reason=reason)
    except TopicError as error:
        _place(form, error)
        return _detail(request, topic, status=400, merge_form=form)
    messages.success(request, f"'{topic.name}' merged into '{keep.name}': {done.summary()}.")
    return redirect("topic-detail", code=keep.code)
