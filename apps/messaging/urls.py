from django.urls import path

from apps.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("new/", views.compose_view, name="compose"),
    path("thread/<uuid:thread_id>/", views.thread_view, name="thread"),
    path("project/<uuid:project_pk>/", views.project_thread_view, name="project_thread"),
]
