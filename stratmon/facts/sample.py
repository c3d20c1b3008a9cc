"""Labelled sample data for both built-in plans, from July 2022 to a given day, fixed seed.

Rows have `sample=True`, titles `[Sample]`, ids `SAMPLE-` (the sample desk's are numbered by
the desk), so nobody mistakes them for real reporting; `remove_sample()` deletes them all. The
figures give every status: KPIs achieved, on track, at risk, off track, nothing recorded."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.db import transaction

from stratmon.history.recording import (
    delete_records,
    record_change,
    record_created,
    record_updates,
    snapshots,
    update_records,
)
from stratmon.plans.models import KPI, Action, Member, Organisation

from .models import (
    Activity,
    Agreement,
    Evaluation,
    Expert,
    ExpertAssignment,
    MemberStatus,
    MilestoneUpdate,
    Output,
    Participation,
    Partner,
    Request,
    Topic,
)

D = datetime.date
SEED = 2022
START = D(2022, 7, 1)
LABEL = "[Sample] "
EVIDENCE = "[Sample] "
VIA = "sample"
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"

# Share of the region's Members with the topic achieved before the plan, and by its end:
# spread so that some Member KPIs are met, some close, some far behind.
TOPIC_LEVELS = {
    "rm-compendium": (0.70, 0.97),
    "ncen": (0.55, 0.85),
    "valuation-db": (0.50, 0.70),
    "aeo": (0.45, 0.62),
    "trade-recovery": (0.30, 0.66),
    "rkc": (0.75, 0.95),
    "tfa": (0.70, 0.88),
    "hs-2022": (0.65, 0.90),
    "hs-convention": (0.80, 0.92),
    "advance-ruling": (0.60, 0.80),
    "trs": (0.40, 0.55),
    "roo-self-cert": (0.20, 0.35),
    "data-model": (0.45, 0.70),
    "sez": (0.20, 0.55),
    "disaster-relief": (0.35, 0.62),
    "wto-valuation": (0.85, 0.95),
    "pca": (0.70, 0.90),
    "ecommerce-fos": (0.25, 0.50),
    "cbm": (0.50, 0.75),
    "single-window": (0.45, 0.70),
    "cen-data": (0.55, 0.80),
    "api-pnr": (0.60, 0.85),
    "nii": (0.55, 0.78),
    "e-learning": (0.40, 0.65),
    # "integrity" is left without data on purpose: a KPI with nothing recorded.
}
# Activities a year per ROCB action (targets are 1, 2 or 3 a year): some meet, some do not.
ACTIVITIES_PER_YEAR = {
    "1.z": 1,
    "1.bb": 1,
    "1.cc": 1,
    "1.dd": 2,
    "1.ee": 1,
    "1.hh": 3,
    "1.ii": 2,
    "1.jj": 1,
    "2.b": 2,
    "3.g": 2,
    "3.k.3": 2,
    "3.l": 1,
    "4.b": 1,
}
ACTIVITY_KIND = {
    "1.aa": "survey",
    "3.f": "survey",
    "3.k.1": "exchange",
    "3.k.3": "workshop",
    "4.b": "dialogue",
    "1.hh": "workshop",
    "1.ii": "training",
    "1.jj": "training",
}
OUTPUTS_PER_YEAR = {
    "1.v": ("evaluation_report", 1),
    "1.ff.2": ("evaluation_report", 0),
    "2.a": ("report", 2),
    "3.a": ("shared_item", 1),
    "3.i": ("post_action", 1),
    "4.a": ("newsletter_article", 3),
    "4.c": ("shared_item", 3),
}


# The kinds of sample rows, dependants first: the order they are removed in.
SAMPLED = (
    MilestoneUpdate,
    Evaluation,
    Participation,
    ExpertAssignment,
    Request,
    Output,
    Agreement,
    Activity,
    Expert,
    MemberStatus,
)
# The change history's source for what the sample load and removal write.
LOADED, REMOVED = "sample data: load", "sample data: remove"


class _Refs:
    def __init__(self) -> None:
        self.n: Counter[str] = Counter()

    def __call__(self, kind: str) -> str:
        self.n[kind] += 1
        return f"SAMPLE-{kind}-{self.n[kind]:05d}"


def has_recorded_facts() -> bool:
    kinds = (MemberStatus, Activity, Output, Agreement, Request, Expert)
    return any(model.objects.exists() for model in kinds)


@transaction.atomic
def load_sample(today: datetime.date, *, requests: bool = False) -> dict[str, int]:
    """Create the sample (replacing any earlier); rows per kind. `requests`: desk's too (slow)."""
    remove_sample()
    rng = random.Random(SEED)
    ref = _Refs()
    rocb_org = Organisation.objects.get(code="rocb-ap")
    oco_org = Organisation.objects.get(code="oco")
    rocb_members = list(Member.objects.of(rocb_org, START).order_by("iso3"))
    oco_members = list(Member.objects.of(oco_org, START).order_by("iso3"))
    region = sorted({*rocb_members, *oco_members}, key=lambda m: m.iso3)
    actions = {a.code: a for a in Action.objects.filter(plan__code=ROCB)}
    # Facts link to actions; a compound KPI's part (3.k.3) belongs to its action (3.k).
    for a in list(actions.values()):
        for part in range(1, 4):
            actions.setdefault(f"{a.code}.{part}", a)
    oco_actions = {a.code: a for a in Action.objects.filter(plan__code=OCO)}
    end = min(today, D(2027, 6, 30))

    statuses = _statuses(rng, ref, region, end)
    MemberStatus.objects.bulk_create(statuses)

    found = [
        Partner.objects.get_or_create(name=name)
        for name in ("RILO A/P", "JICA", "Australian Border Force", "World Bank", "UNODC")
    ]
    partners = [p for p, _ in found]
    new_partners = [p.name for p, created in found if created]
    record_change(
        user=None, via=VIA, source=LOADED, model=Partner, verb="created", refs=new_partners
    )
    experts = [
        Expert(
            ref=ref("EXP"),
            name=f"{LABEL}Expert {i + 1}",
            home=rng.choice(rocb_members),
            accreditation="accredited" if i % 3 else "provisional",
            gender="female" if i % 2 else "male",
            sample=True,
        )
        for i in range(12)
    ]
    Expert.objects.bulk_create(experts)

    activities, links, partner_links = [], [], []
    for code, per_year in ACTIVITIES_PER_YEAR.items():
        for day in _spread(rng, per_year, START, end):
            a = _activity(ref, ACTIVITY_KIND.get(code, "workshop"), code, day, rng, rocb_members)
            activities.append(a)
            links.append((a, actions[code]))
            if code == "2.b":
                partner_links.append((a, rng.choice(partners)))
    for code, kind in (("1.aa", "survey"), ("3.f", "survey"), ("3.k.1", "exchange")):
        for day in _spread(rng, 1, START, end):
            a = _activity(ref, kind, code, day, rng, rocb_members)
            activities.append(a)
            links.append((a, actions[code]))
    # Missions asked for by Members, some with an accredited expert (ROCB 3.b).
    missions = [
        _activity(ref, "mission", "3.b", d, rng, rocb_members) for d in _spread(rng, 6, START, end)
    ]
    # Annual international meetings: female heads of delegation grow year on year (3.e.2).
    meetings = [
        _activity(ref, "meeting", "3.e.2", D(year, 11, 15), rng, rocb_members)
        for year in range(2021, end.year + (1 if end >= D(end.year, 11, 15) else 0))
    ]
    # OCO training needs analyses, once a year (OCO 1.2.1.n).
    oco_surveys = [
        _activity(ref, "survey", "OCO 1.2.1", d, rng, oco_members)
        for d in _spread(rng, 1, START, end)
    ]
    links += [(a, oco_actions["1.2.1"]) for a in oco_surveys]
    everything = activities + missions + meetings + oco_surveys
    Activity.objects.bulk_create(everything)
    Activity.actions.through.objects.bulk_create(
        Activity.actions.through(activity_id=a.pk, action_id=act.pk) for a, act in links
    )
    Activity.partners.through.objects.bulk_create(
        Activity.partners.through(activity_id=a.pk, partner_id=p.pk) for a, p in partner_links
    )

    participations = []
    for a in activities + missions + oco_surveys:
        for _ in range(rng.randint(8, 24)):
            participations.append(_participation(ref, a, rng, rocb_members, female=0.31))
    for i, a in enumerate(meetings):
        heads = 3 + 2 * i  # 3 in 2021, then 5, 7 …: at least 20 % growth a year
        for k in range(len(rocb_members)):
            female = k < heads
            participations.append(
                Participation(
                    ref=ref("PAR"),
                    activity=a,
                    member=rocb_members[k],
                    gender="female" if female else "male",
                    role="head_of_delegation",
                    sample=True,
                )
            )
    Participation.objects.bulk_create(participations)

    evaluations = [
        Evaluation(
            ref=ref("EVA"),
            activity=a,
            score=Decimal(str(round(rng.uniform(3.4, 4.9), 1))),
            responses=rng.randint(8, 20),
            sample=True,
        )
        for a in activities
        if a.kind in ("workshop", "training", "seminar", "webinar")
    ]
    Evaluation.objects.bulk_create(evaluations)

    assignments = [
        ExpertAssignment(ref=ref("ASG"), activity=m, expert=experts[i % len(experts)], sample=True)
        for i, m in enumerate(missions)
        if i % 3 != 2  # a third of the missions without an accredited-expert assignment
    ]
    ExpertAssignment.objects.bulk_create(assignments)

    requests = [
        Request(
            ref=ref("REQ"),
            kind="assistance",
            subject=f"{LABEL}{m.title}",
            activity_kind="mission",
            requested_on=m.start - datetime.timedelta(days=60),
            requested_by=m.requested_by,
            fulfilled_on=m.end,
            activity=m,
            organisation=rocb_org,
            sample=True,
        )
        for m in missions
    ]
    for i, day in enumerate(_spread(rng, 4, START, end)):
        requests.append(
            Request(
                ref=ref("REQ"),
                kind="contribution",
                subject=f"{LABEL}Expert for a workshop",
                requested_on=day,
                addressed_to=rng.choice(rocb_members),
                fulfilled_on=day + datetime.timedelta(days=30) if i % 5 != 4 else None,
                organisation=rocb_org,
                sample=True,
            )
        )
    Request.objects.bulk_create(requests)

    agreements = [
        Agreement(
            ref=ref("AGR"), kind=kind, title=f"{LABEL}{title} {i + 1}", signed_on=day, sample=True
        )
        for kind, title, since in (
            ("aeo_mra", "AEO mutual recognition", D(2019, 1, 1)),
            ("info_exchange", "Information exchange", D(2020, 1, 1)),
        )
        for i, day in enumerate(_spread(rng, 4, since, end))
    ]
    Agreement.objects.bulk_create(agreements)
    Agreement.members.through.objects.bulk_create(
        Agreement.members.through(agreement_id=ag.pk, member_id=m.pk)
        for ag in agreements
        for m in rng.sample(rocb_members, 2)
    )

    outputs, output_actions, output_members = [], [], []
    for code, (kind, per_year) in OUTPUTS_PER_YEAR.items():
        for day in _spread(rng, per_year, START, end):
            o = _output(ref, kind, f"{kind.replace('_', ' ')} {day}", day)
            outputs.append(o)
            output_actions.append((o, actions[code]))
    for code in ("1.u", "1.ff.3", "1.gg", "3.k.2"):
        for day in _spread(rng, 2, START, end):
            o = _output(ref, "experience_sharing", f"Experience sharing {day}", day)
            outputs.append(o)
            output_actions.append((o, actions[code]))
            output_members += [(o, m) for m in rng.sample(rocb_members, rng.randint(2, 4))]
    outputs += [
        _output(ref, "success_story", f"Success story {i + 1}", day)
        for i, day in enumerate(_spread(rng, 3, START, end))
    ]
    Output.objects.bulk_create(outputs)
    Output.actions.through.objects.bulk_create(
        Output.actions.through(output_id=o.pk, action_id=a.pk) for o, a in output_actions
    )
    Output.members.through.objects.bulk_create(
        Output.members.through(output_id=o.pk, member_id=m.pk) for o, m in output_members
    )

    # A quarter of the OCO actions done, dated within the plan so far.
    milestones = KPI.objects.filter(plan__code=OCO, code__endswith=".m", done_on__isnull=True)
    before = snapshots(milestones)
    done = 0
    for kpi in milestones:
        if rng.random() < 0.25:
            day = _spread(rng, 1, START, end)
            if day:
                kpi.done_on = day[0]
                kpi.evidence = f"{EVIDENCE}Reported complete at the Annual Conference"
                kpi.save(update_fields=["done_on", "evidence"])
                done += 1
    record_updates(KPI, before, user=None, via=VIA, source=LOADED)

    # Most of the others report progress now and then, some of them falling behind.
    updates = []
    for kpi in KPI.objects.filter(plan__code=OCO, code__endswith=".m", done_on__isnull=True):
        if rng.random() < 0.6:
            percent = 0
            # one to three reports over the plan so far (_spread gives one day a year)
            yearly = _spread(rng, 1, START, end)
            for day in sorted(rng.sample(yearly, min(len(yearly), rng.randint(1, 3)))):
                percent = min(95, percent + rng.randint(20, 50))
                updates.append(
                    MilestoneUpdate(
                        ref=ref("progress"),
                        kpi=kpi,
                        reported_on=day,
                        percent_complete=percent,
                        note="Reported by the working group",
                        sample=True,
                    )
                )
    MilestoneUpdate.objects.bulk_create(updates)

    for model in SAMPLED[::-1]:
        record_created(model.objects.filter(sample=True), user=None, via=VIA, source=LOADED)
    from stratmon.desk.sample import load_desk_sample  # the desk and surveys build on facts
    from stratmon.surveys.sample import load_needs_sample

    return {
        **(load_needs_sample(end) | load_desk_sample(end, requests=requests)),
        "member statuses": len(statuses),
        "activities": len(everything),
        "participations": len(participations),
        "evaluations": len(evaluations),
        "experts": len(experts),
        "requests": len(requests),
        "agreements": len(agreements),
        "outputs": len(outputs),
        "milestones done": done,
        "milestone progress updates": len(updates),
    }


@transaction.atomic
def remove_sample() -> int:
    """Delete every sample row and the sample milestone marks; real data is untouched."""
    from stratmon.desk.sample import remove_desk_sample  # before the facts it names
    from stratmon.surveys.sample import remove_needs_sample

    removed = remove_needs_sample() + remove_desk_sample()
    for model in SAMPLED:
        rows = model.objects.filter(sample=True)
        deleted = delete_records(rows, user=None, via=VIA, source=REMOVED)[1]
        removed += deleted.get(model._meta.label, 0)
    marked = KPI.objects.filter(evidence__startswith=EVIDENCE)
    removed += update_records(marked, user=None, via=VIA, source=REMOVED, done_on=None, evidence="")
    return removed


def _statuses(
    rng: random.Random, ref: _Refs, region: list[Member], end: datetime.date
) -> list[MemberStatus]:
    """Per topic: some Members there before the plan, some getting there during it."""
    rows = []
    topics = {t.code: t for t in Topic.objects.filter(code__in=TOPIC_LEVELS)}
    span = (min(end, D(2024, 6, 30)) - START).days
    for code, (before, after) in TOPIC_LEVELS.items():
        topic = topics[code]
        order = rng.sample(region, len(region))
        n_before, n_after = round(before * len(region)), round(after * len(region))
        for i, member in enumerate(order):
            if i < n_before:
                day = D(2019, 1, 1) + datetime.timedelta(days=i * 17)
                evidence = f"{EVIDENCE}Reported in the 2021 survey"
                rows.append(_status(ref, member, topic, "achieved", day, evidence))
            elif i < n_after:
                started = START + datetime.timedelta(days=rng.randint(0, span // 3))
                reached = START + datetime.timedelta(days=rng.randint(span // 4, span))
                day = min(started, reached - datetime.timedelta(days=1))
                rows.append(_status(ref, member, topic, "in_progress", day))
                if reached <= end:
                    evidence = f"{EVIDENCE}Confirmed by the focal point"
                    rows.append(_status(ref, member, topic, "achieved", reached, evidence))
            elif rng.random() < 0.4:
                rows.append(_status(ref, member, topic, "planned", START))
    return rows


def _status(
    ref: _Refs, member: Member, topic: Topic, value: str, day: datetime.date, evidence: str = ""
) -> MemberStatus:
    return MemberStatus(
        ref=ref("STA"),
        member=member,
        topic=topic,
        status=value,
        effective=day,
        evidence=evidence,
        sample=True,
    )


def _spread(
    rng: random.Random, per_year: int, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """`per_year` days in every 12 months from `start` up to `end`, at random within each."""
    days = []
    year_start = start
    while year_start <= end and per_year:
        span = min(365, (end - year_start).days)
        days += sorted(
            year_start + datetime.timedelta(days=rng.randint(0, max(span, 0)))
            for _ in range(per_year)
        )
        year_start = D(year_start.year + 1, year_start.month, 1)
    return [d for d in days if d <= end]


def _activity(
    ref: _Refs, kind: str, code: str, day: datetime.date, rng: random.Random, members: list[Member]
) -> Activity:
    host = rng.choice(members)
    return Activity(
        ref=ref("ACT"),
        kind=kind,
        title=f"{LABEL}{kind.title()} for action {code}",
        start=day,
        end=day + datetime.timedelta(days=rng.choice([0, 1, 2, 4])),
        place=host.name,
        host=host,
        requested_by=host if kind == "mission" else None,
        status="held",
        sample=True,
    )


def _output(ref: _Refs, kind: str, title: str, day: datetime.date) -> Output:
    return Output(ref=ref("OUT"), kind=kind, title=f"{LABEL}{title}", date=day, sample=True)


def _participation(
    ref: _Refs, a: Activity, rng: random.Random, members: list[Member], *, female: float
) -> Participation:
    return Participation(
        ref=ref("PAR"),
        activity=a,
        member=rng.choice(members),
        gender="female" if rng.random() < female else rng.choice(["male", "male", "not_stated"]),
        role=rng.choice(["participant"] * 8 + ["trainer", "observer"]),
        sample=True,
    )
