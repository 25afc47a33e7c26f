from django.urls import path

from apps.core import views
from apps.dashboard.views import dashboard_view

app_name = "core"

urlpatterns = [
    # The landing page after sign-in is the dashboard.
    path("", dashboard_view, name="home"),
    path("health/", views.health, name="health"),
]
