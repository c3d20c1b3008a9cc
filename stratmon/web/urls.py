"""Page URLs."""

from django.urls import path

from . import imports, milestones, signin, users, views, workbook_upload

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("sign-in/", signin.SignInView.as_view(), name="sign-in"),
    path("sign-out/", signin.SignOutView.as_view(), name="sign-out"),
    path("password/set/<uidb64>/<token>/", signin.PasswordSetView.as_view(), name="password-set"),
    path("users/", users.user_list, name="user-list"),
    path("users/invite/", users.user_invite, name="user-invite"),
    path("users/<int:pk>/role/", users.user_role, name="user-role"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user-deactivate"),
    path("plans/import/", imports.plan_import, name="plan-import"),
    path("plans/import/save/", imports.plan_import_save, name="plan-import-save"),
    path("plans/<slug:code>/", views.plan_detail, name="plan-detail"),
    path("plans/<slug:code>/v<int:version>/", views.plan_detail, name="plan-version"),
    path("plans/<slug:code>/confirm/", imports.plan_confirm, name="plan-confirm"),
    path("data/workbook/", workbook_upload.workbook_upload, name="workbook-upload"),
    path("data/workbook/confirm/", workbook_upload.workbook_confirm, name="workbook-confirm"),
    path("data/workbook/export/", workbook_upload.workbook_export, name="workbook-export"),
    path("data/workbook/template/", workbook_upload.workbook_template, name="workbook-template"),
    path(
        "plans/<slug:code>/kpis/<str:kpi_code>/done/",
        milestones.milestone_done,
        name="milestone-done",
    ),
]
