"""What the dashboards cost in SQL queries, for the tests that pin each page's count.

No figure depends on how much data there is: they follow the plan's shape (its KPIs'
measures) and, for trends, the number of trend dates (`stratmon.kpis.trend.plan_dates`).
"""

import datetime

from stratmon.kpis.trend import plan_dates
from stratmon.plans.models import Plan

SIGNED_IN = 2  # the session; the user with its role
# One evaluation of a plan whose KPIs are already fetched (stratmon.kpis.live): the Members
# on the date, then ROCB: every Member-status level in two, one query for each of its 37
# other KPIs; OCO: the progress of its 81 milestones in one, its two other KPIs one each.
EVALUATION = {"rocb-ap-sap-2022-2024": 1 + 2 + 37, "oco-sp-2022-2027": 1 + 1 + 2}
# The home: the user's organisations, every readable version with its counts, those in use.
HOME = 3


def trend(code: str, as_of: datetime.date) -> int:
    """kpis.live.trends: for now the plan evaluated afresh on each of its trend dates."""
    plan = Plan.objects.current().get(code=code)
    return len(plan_dates(plan, as_of)) * EVALUATION[code]


def glance(code: str) -> int:
    """A plan on a home: its KPIs, then evaluated on the date and 90 days before."""
    return 1 + 2 * EVALUATION[code]
