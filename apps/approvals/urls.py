from django.urls import path

from apps.approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.approval_queue_view, name="queue"),
    path("<uuid:pk>/", views.approval_detail_view, name="detail"),
    path("<uuid:pk>/history/", views.approval_history_view, name="history"),
    path("<uuid:pk>/approve/", views.approval_approve_view, name="approve"),
    path("<uuid:pk>/reject/", views.approval_reject_view, name="reject"),
    path("<uuid:pk>/delegate/", views.approval_delegate_view, name="delegate"),
    path("<uuid:pk>/escalate/", views.approval_escalate_view, name="escalate"),
    path("<uuid:pk>/cancel/", views.approval_cancel_view, name="cancel"),
    path("<uuid:pk>/attachments/", views.approval_attachment_upload_view, name="attach"),
    path(
        "<uuid:pk>/attachments/<uuid:attachment_pk>/",
        views.approval_attachment_download_view,
        name="attachment",
    ),
]
