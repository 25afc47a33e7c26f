"""Contacts of one customer, under /customers/<customer_pk>/contacts/."""

from django.urls import path

from apps.contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_section_view, name="section"),
    path("new/", views.contact_create_view, name="create"),
    path("<uuid:pk>/edit/", views.contact_edit_view, name="edit"),
    path("<uuid:pk>/deactivate/", views.contact_deactivate_view, name="deactivate"),
    path("<uuid:pk>/make-primary/", views.contact_make_primary_view, name="make-primary"),
]

# The customer's page shows its contacts, so its view lives in this app; the project URLconf adds
# it to the "customers" namespace at /customers/<pk>/.
customer_page_urlpatterns = [
    path("<uuid:pk>/", views.customer_detail_view, name="detail"),
]
