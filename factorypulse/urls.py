from django.contrib import admin
from django.urls import include, path

from apps.users import views as user_views

urlpatterns = [
    path("", include("apps.core.urls")),
    path("accounts/login/", user_views.login_view, name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
