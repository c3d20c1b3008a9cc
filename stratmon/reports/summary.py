"""The executive summary: a few sentences written from the report model's figures."""

from __future__ import annotations

from .model import Report


def _label(status: str) -> str:
    return status.replace("_", " ")


def _codes(codes: list[str], limit: int = 8) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" and {len(codes) - limit} more" if len(codes) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def since_words(report: Report) -> str:
    """ "since the last report (30 June 2023)" or "since 30 June 2023"."""
    if report.since is None:
        return ""
    if report.since_published:
        return f"since the last report ({report.since:%-d %B %Y})"
    return f"since {report.since:%-d %B %Y}"


def executive_summary(report: Report) -> list[str]:
    """Sentences for a Head of Customs: where the plan stands, what moved, what is missing."""
    counts, total = report.counts, len(report.kpis)
    good = counts["achieved"] + counts["on_track"]
    first = (
        f"As of {report.as_of:%-d %B %Y}, {good} of {total} KPIs are achieved or on track "
        f"({counts['achieved']} achieved, {counts['on_track']} on track)"
    )
    moved: dict[str, list[str]] = {}
    for change in report.status_changes:
        moved.setdefault(change.after["status"], []).append(change.kpi)
    if report.since is not None and moved.get("off_track"):
        codes = moved["off_track"]
        first += f"; {len(codes)} moved to off track {since_words(report)}: {_codes(codes)}"
    lines = [first + "."]
    behind = [k["kpi"] for k in report.kpis if k["status"] in ("at_risk", "off_track")]
    if behind:
        lines.append(
            f"{_plural(counts['off_track'], 'KPI')} off track and "
            f"{counts['at_risk']} at risk: {_codes(behind)}."
        )
    if report.since is not None:
        if not moved:
            lines.append(f"No KPI changed status {since_words(report)}.")
        for status in ("at_risk", "on_track", "achieved", "not_started", "no_data"):
            if moved.get(status):
                codes = moved[status]
                lines.append(
                    f"{_plural(len(codes), 'KPI')} moved to {_label(status)} "
                    f"{since_words(report)}: {_codes(codes)}."
                )
        figures = [c.kpi for c in report.changes if c.moved == "actual"]
        if figures:
            their = "its" if len(figures) == 1 else "their"
            lines.append(
                f"{_plural(len(figures), 'other KPI')} kept {their} status with another "
                f"figure: {_codes(figures)}."
            )
    if report.no_data:
        lines.append(
            f"{_plural(len(report.no_data), 'KPI')} "
            f"{'has' if len(report.no_data) == 1 else 'have'} no data yet: "
            f"{_codes(report.no_data)}."
        )
    if report.pending_submissions:
        one = report.pending_submissions == 1
        lines.append(
            f"{_plural(report.pending_submissions, 'submission')} from Members "
            f"{'waits' if one else 'wait'} for review and {'is' if one else 'are'} "
            "not counted yet."
        )
    return lines
