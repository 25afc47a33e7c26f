from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top layer: demo and scale data (sample data, load generator, benchmark). Nothing in the
    product imports it; it may import every app."""

    name = "apps.demo"
    label = "demo"
    verbose_name = "Demo and scale data"
