import json

from django.core.management.base import BaseCommand, CommandError
from django.test import Client

from apps.core.health import run_check


class Command(BaseCommand):
    help = "Check that PostgreSQL and Redis answer and that /health/ and the login page are served."

    def handle(self, *args, **options):
        results = {"database": run_check("database"), "redis": run_check("redis")}
        client = Client(HTTP_HOST="127.0.0.1")
        login = client.get("/accounts/login/")
        results["login_page"] = {"ok": login.status_code == 200, "status": login.status_code}
        health = client.get("/health/")
        body = json.loads(health.content)
        results["health_endpoint"] = {
            "ok": body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"],
            "status": health.status_code,
        }
        for name, result in results.items():
            self.stdout.write(f"{'ok ' if result['ok'] else 'FAIL'} {name} {result}")
        if not all(result["ok"] for result in results.values()):
            raise CommandError("smoke check failed")
