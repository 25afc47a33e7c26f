from django.urls import path

from apps.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_projects_view, name="projects"),
    path("language/", views.portal_language_view, name="language"),
    path("inquiries/new/", views.portal_inquiry_view, name="inquiry"),
    path("projects/<uuid:pk>/", views.portal_project_view, name="project"),
    path("projects/<uuid:pk>/state/", views.portal_project_state_view, name="project-state"),
    path("projects/<uuid:pk>/messages/", views.portal_message_send_view, name="message-send"),
    path("projects/<uuid:pk>/documents/", views.portal_upload_view, name="upload"),
    path("projects/<uuid:pk>/decision/", views.portal_decision_view, name="decision"),
    path(
        "projects/<uuid:pk>/documents/<uuid:document_pk>/download/",
        views.portal_download_view,
        name="download",
    ),
]
