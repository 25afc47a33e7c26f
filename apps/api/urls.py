from django.urls import path

from apps.api import views
from apps.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("settings/tokens/", views.token_list_view, name="api-tokens"),
    path("settings/tokens/<uuid:pk>/revoke/", views.token_revoke_view, name="api-token-revoke"),
    path("settings/webhooks/", views.webhook_list_view, name="api-webhooks"),
    path("settings/webhooks/<uuid:pk>/", views.webhook_detail_view, name="api-webhook-detail"),
    path("settings/webhooks/<uuid:pk>/test/", views.webhook_test_view, name="api-webhook-test"),
    path(
        "settings/webhooks/<uuid:pk>/delete/",
        views.webhook_delete_view,
        name="api-webhook-delete",
    ),
]
