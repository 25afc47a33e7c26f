from django.urls import path

from apps.operations import views

app_name = "operations"

urlpatterns = [
    path("metrics", views.metrics_view, name="metrics"),
    path("operations/", views.operators_page, name="operators"),
    path("operations/kpis.json", views.kpis_json, name="kpis-json"),
]
