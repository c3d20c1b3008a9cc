"""Page URLs."""

from django.urls import path

from . import (
    data_entry,
    evidence,
    heatmap,
    history,
    imports,
    kpi_page,
    member_reports,
    members,
    milestones,
    people,
    reports,
    signin,
    submission_forms,
    submissions,
    topics,
    users,
    views,
    workbook_upload,
)
from .dashboards import changes as dashboard_changes
from .dashboards import home as dashboard_home
from .editor import views as plan_editor

urlpatterns = [
    path("", dashboard_home.landing, name="plan-list"),
    path(
        "organisations/<slug:code>/",
        dashboard_home.organisation_home,
        name="organisation-home",
    ),
    path("sign-in/", signin.SignInView.as_view(), name="sign-in"),
    path("sign-out/", signin.SignOutView.as_view(), name="sign-out"),
    path("password/set/<uidb64>/<token>/", signin.PasswordSetView.as_view(), name="password-set"),
    path("users/", users.user_list, name="user-list"),
    path("users/invite/", users.user_invite, name="user-invite"),
    path("users/<int:pk>/role/", users.user_role, name="user-role"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user-deactivate"),
    path("history/", history.history_list, name="history-list"),
    path("history/record/<str:model>/<path:ref>/", history.record_history, name="history-record"),
    path("history/member/<str:iso3>/", history.member_history, name="history-member"),
    path("history/user/<int:pk>/", history.user_history, name="history-user"),
    path("plans/import/", imports.plan_import, name="plan-import"),
    path("plans/import/save/", imports.plan_import_save, name="plan-import-save"),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
    path("plans/<slug:code>/v<int:version>/", views.plan_detail, name="plan-version"),
    path("plans/<slug:code>/confirm/", imports.plan_confirm, name="plan-confirm"),
    path("plans/<slug:code>/reports/", reports.plan_reports, name="plan-reports"),
    path(
        "plans/<slug:code>/reports/publish/",
        reports.plan_report_publish,
        name="plan-report-publish",
    ),
    path("plans/<slug:code>/report.<slug:fmt>", reports.plan_report_file, name="plan-report-file"),
    path(
        "reports/<int:pk>.<slug:fmt>", reports.published_report_file, name="published-report-file"
    ),
    path("plans/<slug:code>/people/", people.plan_people, name="plan-people"),
    path("plans/<slug:code>/changes/", dashboard_changes.plan_changes, name="plan-changes"),
    path("submissions/", submissions.submission_list, name="submission-list"),
    path("submissions/new/<slug:kind>/", submission_forms.submission_new, name="submission-new"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission-detail"),
    path("submissions/<int:pk>/edit/", submission_forms.submission_edit, name="submission-edit"),
    path(
        "submissions/<int:pk>/<slug:step>/",
        submissions.submission_step,
        name="submission-step",
    ),
    path("review/", submissions.review_inbox, name="review-inbox"),
    path("review/approve/", submissions.review_bulk_approve, name="review-bulk-approve"),
    path("data/", data_entry.data_index, name="data-index"),
    path("data/workbook/", workbook_upload.workbook_upload, name="workbook-upload"),
    path("data/workbook/confirm/", workbook_upload.workbook_confirm, name="workbook-confirm"),
    path("data/workbook/export/", workbook_upload.workbook_export, name="workbook-export"),
    path("data/workbook/template/", workbook_upload.workbook_template, name="workbook-template"),
    path("data/<slug:sheet>/", data_entry.data_list, name="data-list"),
    path("data/<slug:sheet>/new/", data_entry.data_new, name="data-new"),
    path("data/<slug:sheet>/<path:ref>/delete/", data_entry.data_delete, name="data-delete"),
    path("data/<slug:sheet>/<path:ref>/", data_entry.data_edit, name="data-edit"),
    path("evidence/<int:pk>/<str:name>", evidence.evidence_file, name="evidence-file"),
    path(
        "plans/<slug:code>/kpis/<str:kpi_code>/done/",
        milestones.milestone_done,
        name="milestone-done",
    ),
    path("members/<str:iso3>/", members.member_profile, name="member-profile"),
    path(
        "members/<str:iso3>/report.<slug:fmt>",
        member_reports.member_report_file,
        name="member-report-file",
    ),
    path("plans/<slug:code>/heatmap/", heatmap.plan_heatmap, name="plan-heatmap"),
    path("plans/<slug:code>/heatmap.xlsx", heatmap.plan_heatmap_xlsx, name="plan-heatmap-xlsx"),
    path("plans/<slug:code>/kpis/<str:kpi_code>/", kpi_page.kpi_detail, name="kpi-detail"),
    path(
        "plans/<slug:code>/v<int:version>/kpis/<str:kpi_code>/",
        kpi_page.kpi_detail,
        name="kpi-version",
    ),
    path("topics/", topics.topic_list, name="topic-list"),
    path("topics/new/", topics.topic_new, name="topic-new"),
    path("topics/<slug:code>/", topics.topic_detail, name="topic-detail"),
    path("topics/<slug:code>/merge/", topics.topic_merge, name="topic-merge"),
    path("plans/<slug:code>/edit/", plan_editor.plan_edit, name="plan-edit"),
    path("plans/<slug:code>/edit/target/", plan_editor.plan_edit_target, name="plan-edit-target"),
    path(
        "plans/<slug:code>/edit/measure/", plan_editor.plan_edit_measure, name="plan-edit-measure"
    ),
    path("plans/<slug:code>/edit/<slug:op>/", plan_editor.plan_edit_op, name="plan-edit-op"),
]
