"""URLs of the surveys: `/s/<token>/` for respondents (no account), `/surveys/…` for the
Secretariat."""

from django.urls import path

from .views import results, stories

urlpatterns: list = [
    path("surveys/<int:pk>/results/", results.survey_results_page, name="survey-results"),
    path("surveys/stories/", stories.survey_stories, name="survey-stories"),
    path("surveys/stories/<int:pk>/accept/", stories.story_accept, name="survey-story-accept"),
    path("surveys/stories/<int:pk>/dismiss/", stories.story_dismiss, name="survey-story-dismiss"),
]
