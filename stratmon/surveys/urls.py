"""URLs of the surveys: `/s/<token>/` for respondents (no account), `/surveys/…` for the
Secretariat."""

from django.urls import path

from .views import completion, priorities

urlpatterns: list = [
    path("surveys/priorities/", priorities.priorities_page, name="survey-priorities"),
    path("surveys/priorities.xlsx", priorities.priorities_xlsx, name="survey-priorities-xlsx"),
    path(
        "surveys/priorities.csv", priorities.priorities_csv_download, name="survey-priorities-csv"
    ),
    path("surveys/<int:pk>/complete/", completion.complete_page, name="survey-complete"),
]
