"""URLs of the request desk's matching pages: a request's ranked experts and the figures."""

from django.urls import path

from .views import figures, matching

urlpatterns = [
    path("requests/<int:pk>/match/", matching.match_page, name="desk-request-match"),
    path("requests/figures/", figures.figures_page, name="desk-figures"),
    path("requests/figures.csv", figures.figures_csv, name="desk-figures-csv"),
]
