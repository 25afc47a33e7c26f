from django.urls import path

from apps.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list_view, name="list"),
    path("upload/", views.document_upload_view, name="upload"),
    path("project/<uuid:project_pk>/", views.project_section_view, name="project_section"),
    path("project/<uuid:project_pk>/upload/", views.project_upload_view, name="project_upload"),
    path("<uuid:pk>/", views.document_detail_view, name="detail"),
    path("<uuid:pk>/download/", views.document_download_view, name="download"),
    path(
        "<uuid:pk>/versions/<int:version_number>/download/",
        views.document_download_view,
        name="download_version",
    ),
    path("<uuid:pk>/versions/new/", views.document_new_version_view, name="new_version"),
    path("<uuid:pk>/delete/", views.document_delete_view, name="delete"),
]
