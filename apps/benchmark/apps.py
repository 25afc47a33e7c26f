from django.apps import AppConfig


class BenchmarkConfig(AppConfig):
    name = "apps.benchmark"
    label = "benchmark"
    verbose_name = "Benchmark"
