from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list_view, name="list"),
    path("bell/", views.notification_bell_view, name="bell"),
    path("latest/", views.notification_dropdown_view, name="dropdown"),
    path("read-all/", views.notification_mark_all_read_view, name="read_all"),
    path("<uuid:pk>/read/", views.notification_mark_read_view, name="read"),
    path("<uuid:pk>/open/", views.notification_open_view, name="open"),
]
