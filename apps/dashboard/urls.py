"""The dashboard's panels and its refresh action. The page itself is `home` at `/`."""

from django.urls import path

from apps.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("panels/freshness/", views.freshness_panel, name="freshness"),
    path("panels/kpis/", views.kpis_panel, name="kpis"),
    path("panels/charts/", views.charts_panel, name="charts"),
    path("panels/efficiency/", views.efficiency_panel, name="efficiency"),
    path("panels/my-work/", views.my_work_panel, name="my-work"),
    path("refresh/", views.refresh_view, name="refresh"),
]
