"""One's own settings, under /settings/."""

from django.urls import path

from apps.users import settings_views

app_name = "my_settings"

urlpatterns = [
    path("", settings_views.my_settings_view, name="page"),
]
