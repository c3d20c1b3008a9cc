"""URLs of the request desk's expert pool (the Secretariat's) and of an expert's own profile
update link (no account)."""

from django.urls import path

from .views import experts, experts_link, experts_updates

urlpatterns = [
    path("experts/", experts.expert_list, name="desk-experts"),
    path("experts/new/", experts.expert_new, name="desk-expert-new"),
    path("experts/updates/", experts_updates.update_queue, name="desk-expert-updates"),
    path("experts/<str:ref>/", experts.expert_detail, name="desk-expert"),
    path("experts/<str:ref>/edit/", experts.expert_edit, name="desk-expert-edit"),
    path("x/<str:token>/", experts_link.profile_update, name="desk-profile-update"),
]
