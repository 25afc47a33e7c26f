"""The team page, under /team/."""

from django.urls import path

from apps.users import team_views

app_name = "team"

urlpatterns = [
    path("", team_views.team_list_view, name="list"),
    path("<uuid:pk>/access/", team_views.team_member_access_view, name="member-access"),
]
