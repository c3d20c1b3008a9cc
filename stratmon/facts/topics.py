"""Verbs on topics: add one, change its name and synonyms, merge one into another.

Every write is one transaction and lands in the change history, whichever page, command or
admin calls it (docs/topics.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef

from stratmon.concurrency import take_write_turn
from stratmon.history.recording import (
    delete_records,
    record_created,
    record_updates,
    snapshots,
    update_records,
)
from stratmon.planfiles.words import counted
from stratmon.plans.models import KPI

from .models import Expert, MemberStatus, Topic, TopicAlias
from .topic_names import TopicError, clash, clean_code, clean_name, clean_synonyms, fold, tidy

__all__ = [
    "MergeResult",
    "TopicError",
    "create_topic",
    "merge_preview",
    "merge_topics",
    "resolve_code",
    "update_topic",
]


def _names_in_use(exclude: Topic | None = None) -> dict[str, str]:
    """Every folded name, synonym and code of the topics but `exclude`, and merged codes."""
    used: dict[str, str] = {}
    for code, name, synonyms in Topic.objects.order_by("code").values_list(
        "code", "name", "synonyms"
    ):
        if exclude is not None and code == exclude.code:
            continue
        for text in (code, name, *(synonyms or [])):
            used.setdefault(fold(text), code)
    for code, owner in TopicAlias.objects.values_list("code", "topic__code"):
        if exclude is None or owner != exclude.code:
            used.setdefault(fold(code), owner)
    return used


def _check_clashes(name: str, synonyms: list[str], others: dict[str, str]) -> None:
    found = clash([name], others)
    if found:
        raise TopicError("name", f"'{found[0]}' is already a name or synonym of '{found[1]}'")
    found = clash(synonyms, others)
    if found:
        raise TopicError(
            "synonyms", f"'{found[0]}' is already a name or synonym of the topic '{found[1]}'"
        )


@transaction.atomic
def create_topic(
    code: str,
    name: str,
    *,
    synonyms: Iterable[str] = (),
    description: str = "",
    user: Any = None,
    via: str = "web",
    reason: str = "",
) -> Topic:
    """Add a topic; raises TopicError naming the field (code taken, name used elsewhere …)."""
    code, name = clean_code(code), clean_name(name)
    cleaned = clean_synonyms(synonyms, name=name)
    if Topic.objects.filter(code=code).exists():
        raise TopicError("code", f"the topic '{code}' exists already")
    merged = TopicAlias.objects.filter(code=code).values_list("topic__code", flat=True).first()
    if merged:
        raise TopicError("code", f"'{code}' was merged into '{merged}'; choose another code")
    _check_clashes(name, cleaned, _names_in_use())
    topic = Topic.objects.create(
        code=code, name=name, synonyms=cleaned, description=description.strip()
    )
    record_created(Topic.objects.filter(pk=topic.pk), user=user, via=via, reason=reason)
    return topic


@transaction.atomic
def update_topic(
    topic: Topic,
    *,
    name: str,
    synonyms: Iterable[str],
    description: str,
    user: Any = None,
    via: str = "web",
    reason: str = "",
) -> bool:
    """Change a topic's name, synonyms and description (not its code: measures name it);
    returns whether anything changed. Raises TopicError naming the field."""
    name = clean_name(name)
    cleaned = clean_synonyms(synonyms, name=name)
    _check_clashes(name, cleaned, _names_in_use(exclude=topic))
    before = snapshots(Topic.objects.filter(pk=topic.pk))
    fields = {"name": name, "synonyms": cleaned, "description": description.strip()}
    changed = [f for f, value in fields.items() if getattr(topic, f) != value]
    if not changed:
        return False
    for f in changed:
        setattr(topic, f, fields[f])
    topic.save(update_fields=changed)
    record_updates(Topic, before, user=user, via=via, reason=reason)
    return True


@dataclass(frozen=True)
class MergeResult:
    """What a merge moves (or, previewed, would move) from `merged` to `kept`."""

    kept: str
    merged: str
    statuses: int  # Member statuses moved to the kept topic
    dropped: int  # statuses of the merged topic the kept one already had on that day
    kpis: int  # KPI measures rewritten, over every version of every plan
    plans: tuple[str, ...]  # the codes of the plans those KPIs belong to
    submissions: int  # Members' submissions that name the topic
    experts: int  # experts whose expertise named it
    synonyms: tuple[str, ...]  # the kept topic's synonyms afterwards

    def summary(self) -> str:
        """E.g. "12 statuses, 3 KPIs in 2 plans, 1 submission"."""
        parts = [
            counted(self.statuses, "status"),
            f"{counted(self.kpis, 'KPI')} in {counted(len(self.plans), 'plan')}",
        ]
        if self.submissions:
            parts.append(counted(self.submissions, "submission"))
        if self.experts:
            parts.append(counted(self.experts, "expert"))
        text = ", ".join(parts)
        if self.dropped:
            text += (
                f"; {counted(self.dropped, 'status')} of the same Member on the same day "
                f"as one of '{self.kept}' dropped (the kept topic's stays)"
            )
        return text


def _same_day(keep: Topic) -> Exists:
    """A status of the merged topic that the kept topic has for the same Member and day: the
    (Member, topic, day) constraint lets only one stay, and the kept topic's is the one its
    plans have been counting."""
    return Exists(
        MemberStatus.objects.filter(
            topic=keep, member_id=OuterRef("member_id"), effective=OuterRef("effective")
        )
    )


def _counting_kpis(code: str) -> Any:
    return KPI.objects.filter(measure__source="member_statuses", measure__topic=code)


def _merged_synonyms(keep: Topic, merged: Topic) -> list[str]:
    return clean_synonyms(
        [*keep.synonyms, merged.name, merged.code, *merged.synonyms], name=keep.name
    )


def _check_merge(keep: Topic, merged: Topic) -> None:
    if keep.pk == merged.pk:
        raise TopicError("keep", "a topic cannot be merged into itself; choose another topic")


def merge_preview(keep: Topic, merged: Topic) -> MergeResult:
    """What `merge_topics(keep, merged)` would move, without writing anything."""
    _check_merge(keep, merged)
    statuses = MemberStatus.objects.filter(topic=merged)
    dropped = statuses.filter(_same_day(keep)).count()
    plans = _counting_kpis(merged.code).values_list("plan__code", flat=True)
    return MergeResult(
        kept=keep.code,
        merged=merged.code,
        statuses=statuses.count() - dropped,
        dropped=dropped,
        kpis=len(plans),
        plans=tuple(sorted(set(plans))),
        submissions=merged.submissions.count(),
        experts=merged.experts.count(),
        synonyms=tuple(_merged_synonyms(keep, merged)),
    )


def merge_topics(
    keep: Topic, merged: Topic, *, user: Any = None, via: str = "web", reason: str
) -> MergeResult:
    """Merge `merged` into `keep`, in one transaction, every step in the change history.

    The merged topic's Member statuses, submissions and experts move to the kept topic (a
    status the kept topic holds for the same Member on the same day stays, the merged one is
    dropped and counted); every KPI measure of every plan version that names the merged code
    names the kept one; the merged code and name (and its synonyms) become synonyms of the
    kept topic; the merged code stays as an alias, so plan files that name it still load;
    then the merged topic is deleted. `reason` is required.
    """
    reason = tidy(reason)
    if not reason:
        raise TopicError("reason", "say why the topics are merged (it goes in the history)")
    _check_merge(keep, merged)
    with transaction.atomic():
        take_write_turn()
        keep = Topic.objects.select_for_update().get(pk=keep.pk)
        merged = Topic.objects.select_for_update().get(pk=merged.pk)
        done = merge_preview(keep, merged)
        write = {"user": user, "via": via, "reason": reason}
        statuses = MemberStatus.objects.filter(topic=merged)
        delete_records(statuses.filter(_same_day(keep)), **write)
        update_records(MemberStatus.objects.filter(topic=merged), topic=keep, **write)
        _move_submissions(keep, merged, write)
        _move_expertise(keep, merged, write)
        _rewrite_measures(keep, merged, write)
        update_records(TopicAlias.objects.filter(topic=merged), topic=keep, **write)
        alias = TopicAlias.objects.create(code=merged.code, topic=keep, name=merged.name)
        record_created(TopicAlias.objects.filter(pk=alias.pk), **write)
        before = snapshots(Topic.objects.filter(pk=keep.pk))
        keep.synonyms = list(done.synonyms)
        keep.save(update_fields=["synonyms"])
        record_updates(Topic, before, **write)
        delete_records([merged], **write)
    return done


def _move_submissions(keep: Topic, merged: Topic, write: dict[str, Any]) -> None:
    """Submissions follow the topic; those still open name it in their rows too, so that
    approving one writes a status of the kept topic."""
    from stratmon.submissions.models import Submission

    found = list(Submission.objects.filter(topic=merged))
    if not found:
        return
    before = snapshots(Submission.objects.filter(pk__in=[s.pk for s in found]))
    open_states = {Submission.State.DRAFT, Submission.State.SUBMITTED, Submission.State.RETURNED}
    for s in found:
        s.topic = keep
        if s.state in open_states:
            for row in (s.rows or {}).get("member_statuses", []):
                if row.get("topic") == merged.code:
                    row["topic"] = keep.code
            # A form opened before the merge would write the merged code back: refuse it.
            s.version += 1
    Submission.objects.bulk_update(found, ["topic", "rows", "version"])
    record_updates(Submission, before, **write)


def _move_expertise(keep: Topic, merged: Topic, write: dict[str, Any]) -> None:
    experts = list(merged.experts.all())
    if not experts:
        return
    before = snapshots(Expert.objects.filter(pk__in=[e.pk for e in experts]))
    for expert in experts:
        expert.expertise.add(keep)
    merged.experts.clear()
    record_updates(Expert, before, **write)


def _rewrite_measures(keep: Topic, merged: Topic, write: dict[str, Any]) -> None:
    kpis = list(_counting_kpis(merged.code))
    if not kpis:
        return
    before = snapshots(KPI.objects.filter(pk__in=[k.pk for k in kpis]))
    for kpi in kpis:
        kpi.measure = {**kpi.measure, "topic": keep.code}
    KPI.objects.bulk_update(kpis, ["measure"])
    record_updates(KPI, before, **write)


def resolve_code(code: str) -> Topic | None:
    """The topic `code` names: the topic itself, or the one it was merged into."""
    topic = Topic.objects.filter(code=code).first()
    if topic is None:
        alias = TopicAlias.objects.select_related("topic").filter(code=code).first()
        topic = alias.topic if alias else None
    return topic
