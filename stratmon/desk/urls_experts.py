"""URLs of the request desk's experts pages."""

urlpatterns: list = []
