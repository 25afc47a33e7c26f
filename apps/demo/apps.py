from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The top layer: demo and scale data (sample data, load generator, benchmark). Nothing in the
    product imports it; it may import every app."""

    name = "apps.demo"
    label = "demo"
    verbose_name = _("Demo and scale data")
