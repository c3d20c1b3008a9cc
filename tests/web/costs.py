"""What the dashboards cost in SQL queries, for the tests that pin each page's count.

No figure depends on how much data there is, nor (since trends come from one SQL series per
measure) on the date: they follow the plan's shape, its KPIs' measures.
"""

SIGNED_IN = 2  # the session; the user with its role
# The data version (stratmon.kpis.dataversion), read once by a request that evaluates: the
# key of every cached evaluation, trend and fragment.
DATA_VERSION = 1
# One evaluation of a plan whose KPIs are already fetched (stratmon.kpis.live): the Members
# on the date, then ROCB: every Member-status level in two, one query for each of its 37
# other KPIs; OCO: the progress of its 81 milestones in one, its two other KPIs one each.
EVALUATION = {"rocb-ap-sap-2022-2024": 1 + 2 + 37, "oco-sp-2022-2027": 1 + 1 + 2}
# The home: the user's organisations, every readable version with its counts, those in use.
HOME = 3 + DATA_VERSION


# Every KPI's trend (kpis.live.trends, stratmon.kpis.trend.plan_trends), its KPIs already
# fetched: the Memberships, the Member-status histories, the milestones' progress where there
# are milestones, one query for each other KPI with a measure.
TREND = {"rocb-ap-sap-2022-2024": 37, "oco-sp-2022-2027": 4}


def glance(code: str) -> int:
    """A plan on a home: its KPIs, then evaluated on the date and 90 days before."""
    return 1 + 2 * EVALUATION[code]


# The plan dashboard's progress report card (stratmon.reports.snapshots): the plan's
# published reports, read once per data version; on the as-of date of one of them, its
# figures too (REPORT_FIGURES), to mark the KPIs revised since it was published.
REPORTS = 1
REPORT_FIGURES = 1


# The topic pages (stratmon.web.topic_pages), beside the navigation's count: the list reads
# the topics, their Members by status and the KPIs counting each; a topic's page the topic,
# its merged codes, its KPIs, its Members' statuses, the Members in view and the profiles
# the user may open.
TOPIC_LIST = 3
TOPIC_PAGE = 6
# The plan editor (stratmon.web.editor): the plan in use (kept per data version, as on every
# plan page), the draft waiting beside it, the edited version's tree in four queries (pillars,
# objectives, actions, KPIs), the topics. An open KPI form adds its live value: the KPI row and
# the Member count (EDITOR_LIVE), then its measure's own queries (a Member-status level: two),
# and the topics' names and synonyms for the measure StratMon suggests (EDITOR_SUGGESTION).
EDITOR = 1 + 1 + 4 + 1
EDITOR_LIVE = 2
EDITOR_SUGGESTION = 1
NAV_COUNT = 1  # the navigation's count of submissions waiting for the Secretariat
# The API tokens page (stratmon.web.api_tokens): the user's tokens, in one query.
API_TOKENS = 1
