from django.urls import path

from apps.organizations import views

app_name = "customers"

# The customer's page itself (`customers:detail`) shows its contacts: it is served by the contacts
# app and joined to this namespace in the project URLconf.

urlpatterns = [
    path("", views.customer_list_view, name="list"),
    path("new/", views.customer_create_view, name="create"),
    path("<uuid:pk>/edit/", views.customer_edit_view, name="edit"),
    path("<uuid:pk>/deactivate/", views.customer_deactivate_view, name="deactivate"),
    path("<uuid:pk>/restore/", views.customer_restore_view, name="restore"),
]
