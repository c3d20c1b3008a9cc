"""URLs of the surveys: `/s/<token>/` for respondents (no account), `/surveys/…` for the
Secretariat."""

from django.urls import path

from .views import completion, forms, new, priorities, respond, results, stories, surveys

urlpatterns = [
    path("s/<str:token>/", respond.respond, name="survey-respond"),
    path("surveys/", surveys.survey_list, name="survey-list"),
    path("surveys/new/", new.survey_new, name="survey-new"),
    path("surveys/forms/", forms.form_list, name="survey-form-list"),
    path("surveys/forms/new/", forms.form_new, name="survey-form-new"),
    path("surveys/forms/<int:pk>/", forms.form_edit, name="survey-form-edit"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/qr.svg", surveys.survey_qr, name="survey-qr"),
    path("surveys/<int:pk>/responses.<str:fmt>", surveys.survey_export, name="survey-export"),
    path("surveys/<int:pk>/results/", results.survey_results_page, name="survey-results"),
    path("surveys/stories/", stories.survey_stories, name="survey-stories"),
    path("surveys/stories/<int:pk>/accept/", stories.story_accept, name="survey-story-accept"),
    path("surveys/stories/<int:pk>/dismiss/", stories.story_dismiss, name="survey-story-dismiss"),
    path("surveys/priorities/", priorities.priorities_page, name="survey-priorities"),
    path("surveys/priorities.xlsx", priorities.priorities_xlsx, name="survey-priorities-xlsx"),
    path(
        "surveys/priorities.csv", priorities.priorities_csv_download, name="survey-priorities-csv"
    ),
    path("surveys/<int:pk>/complete/", completion.complete_page, name="survey-complete"),
]
