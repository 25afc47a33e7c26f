"""The staff side of the portal, under /portal-access/ (never /portal/: that is the customers')."""

from django.urls import path

from apps.portal import staff_views

app_name = "portal_staff"

urlpatterns = [
    path("customers/<uuid:customer_pk>/", staff_views.portal_accounts_view, name="accounts"),
    path(
        "customers/<uuid:customer_pk>/invite/",
        staff_views.portal_account_invite_view,
        name="invite",
    ),
    path(
        "customers/<uuid:customer_pk>/<uuid:pk>/revoke/",
        staff_views.portal_account_revoke_view,
        name="revoke",
    ),
    path(
        "projects/<uuid:pk>/conversation/",
        staff_views.project_conversation_view,
        name="conversation",
    ),
]
