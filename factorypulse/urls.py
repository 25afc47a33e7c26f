from django.contrib import admin
from django.urls import include, path

from apps.contacts.urls import customer_page_urlpatterns
from apps.dashboard.views import dashboard_view
from apps.organizations import urls as customer_urls
from apps.users import views as user_views

urlpatterns = [
    # The landing page after sign-in is the dashboard.
    path("", dashboard_view, name="home"),
    path("", include("apps.core.urls")),
    path("", include("apps.operations.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
    path(
        "customers/",
        include((customer_urls.urlpatterns + customer_page_urlpatterns, customer_urls.app_name)),
    ),
    path("customers/<uuid:customer_pk>/contacts/", include("apps.contacts.urls")),
    path("team/", include("apps.users.team_urls")),
    path("settings/", include("apps.users.settings_urls")),
    path("language/", user_views.language_switch_view, name="language_switch"),
    path("projects/", include("apps.projects.urls")),
    path("documents/", include("apps.documents.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("messages/", include("apps.messaging.urls")),
    path("approvals/", include("apps.approvals.urls")),
    path("", include("apps.api.urls")),
    path("portal/", include("apps.portal.urls")),
    path("portal-access/", include("apps.portal.staff_urls")),
    path("accounts/login/", user_views.login_view, name="login"),
    path("accounts/logout/", user_views.logout_view, name="logout"),
    path("accounts/password_reset/", user_views.password_reset_view, name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        user_views.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
