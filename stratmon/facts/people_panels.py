"""The gender and evaluation panels of a plan, from its people figures: the charts, the
headline tiles, the KPI notes, the growth of women heads of delegation and the per-Member
table. Shared by the page (`stratmon.web.people`) and the progress report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from stratmon.charts import Chart
from stratmon.charts.people import (
    gender_chart,
    gender_table,
    percent,
    quarter_label,
    scores_chart,
    year_label,
)
from stratmon.engine import parse_target
from stratmon.facts.models import Activity
from stratmon.facts.people import SCALE, PeopleFigures
from stratmon.plans.models import KPI

KIND_LABELS: dict[str, str] = {str(k): str(label).lower() for k, label in Activity.Kind.choices}


def charts(figures: PeopleFigures) -> dict[str, Chart | None]:
    """Every chart of the page, None where there is nothing to draw (the page says so)."""
    as_of = figures.as_of
    share_target, score_target = kpi_targets(figures.kpis)
    found: dict[str, Chart | None] = dict.fromkeys(
        ("women_by_year", "women_by_kind", "women_by_group", "heads", "scores_by_kind",
         "scores_by_year", "scores_by_quarter"),
    )  # fmt: skip
    if figures.total.total:
        found["women_by_year"] = gender_chart(
            [(year_label(p, as_of), c.as_dict()) for p, c in figures.years],
            "Participations by gender, by plan year",
            target=share_target,
        )
        found["women_by_kind"] = gender_chart(
            [(KIND_LABELS[k], c.as_dict()) for k, c in figures.by_kind],
            "Participations by gender, by activity kind",
            target=share_target,
        )
        by = "sub-region" if figures.by_subregion else "Member"
        found["women_by_group"] = gender_chart(
            [(g.label, g.counts.as_dict()) for g in figures.groups],
            f"Participations by gender, by {by}",
            target=share_target,
        )
    if figures.heads_total.total:
        found["heads"] = gender_chart(
            [(year_label(p, as_of), c.as_dict()) for p, c in figures.heads],
            "Heads of delegation by gender, by plan year",
            shares=False,
            unit="heads of delegation",
        )
    if figures.scores_total.responses:
        found["scores_by_kind"] = scores_chart(
            [(KIND_LABELS[k], s.mean, s.responses) for k, s in figures.scores_by_kind],
            "Mean evaluation score by activity kind",
            target=score_target,
        )
        found["scores_by_year"] = scores_chart(
            [(year_label(p, as_of), s.mean, s.responses) for p, s in figures.scores_by_year],
            "Mean evaluation score by plan year",
            target=score_target,
        )
        found["scores_by_quarter"] = scores_chart(
            [(quarter_label(p, as_of), s.mean, s.responses) for p, s in figures.scores_by_quarter],
            "Mean evaluation score by quarter",
            over_time=True,
            target=score_target,
        )
    return found


def kpi_targets(
    kpis: list[KPI],
) -> tuple[tuple[float, str] | None, tuple[float, str] | None]:
    """The plan's targets to draw as lines: a share of women (KPI 3.e.1's 25%) and a mean
    score brought to a scale of 5 (KPI 3.h's 4 out of 5); the first KPI of each, if any."""
    share = score = None
    for kpi in kpis:
        target, m = parse_target(kpi.target_text), kpi.measure
        if target.value is None:
            continue
        words = f"KPI {kpi.code}'s target, “{kpi.target_text.rstrip('.')}”"
        women = (m.get("numerator") or {}).get("genders") == ["female"]
        if share is None and target.kind == "share" and women:
            share = (float(target.value), words)
        if score is None and target.kind == "mean" and m.get("source") == "evaluations":
            on_scale = target.value / (target.out_of or SCALE) * SCALE
            score = (float(on_scale), words)
    return share, score


def population(measure: dict[str, Any]) -> str:
    """What a KPI measure computes, in words: `the share of women among participations in
    seminars and workshops`."""
    kinds = measure.get("activity_kinds") or ()
    where = _words([f"{KIND_LABELS.get(k, k)}s" for k in kinds]) if kinds else "every activity"
    linked = " linked to the KPI's action" if measure.get("linked") else ""
    if measure.get("source") == "evaluations":
        return f"the mean evaluation score of {where}{linked}"
    who = "participations"
    if measure.get("roles") == ["head_of_delegation"]:
        who = "heads of delegation"
    if measure.get("genders") == ["female"]:
        who = f"women {who}"
    numerator = measure.get("numerator") or {}
    if measure.get("aggregate") == "share" and numerator.get("genders") == ["female"]:
        return f"the share of women among {who} in {where}{linked}"
    if measure.get("aggregate") == "change":
        return f"the change in {who} in {where}{linked} from one plan year to the next"
    return f"{who} in {where}{linked}"


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class KpiNote:
    kpi: KPI
    population: str
    query: str  # the page's filters that show the KPI's population


def kpi_note(kpi: KPI, figures: PeopleFigures) -> KpiNote:
    kinds = kpi.measure.get("activity_kinds") or []
    query = urlencode([("as_of", figures.as_of.isoformat()), *(("kind", k) for k in kinds)])
    return KpiNote(kpi, population(kpi.measure), query)


@dataclass(frozen=True)
class Growth:
    label: str
    women: int
    heads: int
    change: str  # against the plan year before, e.g. "+40.0%"; "" for the first


def heads_growth(figures: PeopleFigures) -> list[Growth]:
    """Women heads of delegation per plan year, and the change on the year before."""
    rows, before = [], None
    for p, counts in figures.heads:
        change = ""
        if before:
            change = f"{'+' if counts.female >= before else ''}"
            change += percent(Decimal(counts.female - before) / before)
        elif before == 0 and counts.female:
            change = "new"
        rows.append(Growth(year_label(p, figures.as_of), counts.female, counts.total, change))
        before = counts.female
    return rows


@dataclass(frozen=True)
class Tile:
    name: str
    figure: str
    label: str
    unit: str = ""


def tiles(figures: PeopleFigures) -> list[Tile]:
    """The headline figures above the charts, each with the counts behind it."""
    t, heads, scores = figures.total, figures.heads_total, figures.scores_total
    return [
        Tile("participations", str(t.total), "participations"),
        Tile("women", percent(t.women_share), f"women ({t.female} of {t.total})"),
        Tile(
            "unknown",
            str(t.other + t.not_stated),
            f"other ({t.other}) or not stated ({t.not_stated})",
        ),
        Tile(
            "heads",
            percent(heads.women_share),
            f"women heads of delegation ({heads.female} of {heads.total})",
        ),
        Tile(
            "score",
            str(scores.mean) if scores.mean is not None else "—",
            f"mean evaluation score ({scores.responses} responses)",
            "/ 5" if scores.mean is not None else "",
        ),
    ]


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Any]]


def member_table(figures: PeopleFigures) -> Table:
    """Participations by gender of each Member whose own data the user sees."""
    return Table(*gender_table([(m.label, m.counts.as_dict()) for m in figures.members]))
