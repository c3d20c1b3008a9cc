"""The API's addresses: /api/v1/… (CONTRACT.md), the schema at /api/schema/, docs at /api/docs/.

The API says who is calling by its token (or session) itself, so Django's sign-in redirect
does not apply here: an anonymous call gets a 401 problem, not the sign-in page.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from .views import desk, docs, facts, plans, reference, submissions, uploads


def _open(pattern: URLPattern) -> URLPattern:
    pattern.callback = login_not_required(pattern.callback)
    return pattern


v1 = [
    path("organisations/", reference.OrganisationList.as_view(), name="api-organisations"),
    path(
        "organisations/<str:code>/",
        reference.OrganisationDetail.as_view(),
        name="api-organisation",
    ),
    path("members/", reference.MemberList.as_view(), name="api-members"),
    path("members/<str:iso3>/", reference.MemberDetail.as_view(), name="api-member"),
    path("topics/", reference.TopicList.as_view(), name="api-topics"),
    path("topics/<str:code>/", reference.TopicDetail.as_view(), name="api-topic"),
    path("plans/", plans.PlanList.as_view(), name="api-plans"),
    path("plans/<str:code>/", plans.PlanDetail.as_view(), name="api-plan"),
    path("plans/<str:code>/file/", plans.PlanFile.as_view(), name="api-plan-file"),
    path("plans/<str:code>/kpis/", plans.PlanKpis.as_view(), name="api-plan-kpis"),
    path("plans/<str:code>/kpis/<str:kpi>/", plans.PlanKpi.as_view(), name="api-plan-kpi"),
    path(
        "plans/<str:code>/kpis/<str:kpi>/trend/",
        plans.PlanKpiTrend.as_view(),
        name="api-plan-kpi-trend",
    ),
    *facts.urls(),
    path("submissions/", submissions.SubmissionList.as_view(), name="api-submissions"),
    path("submissions/<int:pk>/", submissions.SubmissionDetail.as_view(), name="api-submission"),
    *[
        path(f"submissions/<int:pk>/{v.step}/", v.as_view(), name=f"api-submission-{v.step}")
        for v in submissions.STEP_VIEWS
    ],
    path("facts/upload/", uploads.FactsUpload.as_view(), name="api-facts-upload"),
    path("requests/", desk.CaseList.as_view(), name="api-requests"),
    path("requests/<int:pk>/", desk.CaseDetail.as_view(), name="api-request"),
    path(
        "requests/<int:pk>/candidates/",
        desk.CaseCandidates.as_view(),
        name="api-request-candidates",
    ),
    *[
        path(f"requests/<int:pk>/{action}/", view.as_view(), name=f"api-request-{action}")
        for action, view in desk.MOVE_VIEWS.items()
    ],
]

urlpatterns = [
    _open(path("schema/", docs.Schema.as_view(), name="api-schema")),
    _open(path("docs/", docs.Docs.as_view(), name="api-docs")),
    *[_open(path(f"v1/{p.pattern}", p.callback, name=p.name)) for p in v1],
]
