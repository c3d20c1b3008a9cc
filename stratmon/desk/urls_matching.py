"""URLs of the request desk's matching pages."""

urlpatterns: list = []
