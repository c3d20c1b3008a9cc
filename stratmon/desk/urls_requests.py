"""URLs of the request desk's requests pages."""

urlpatterns: list = []
