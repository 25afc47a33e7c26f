import json
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings

from apps.core.health import run_check


class Command(BaseCommand):
    help = (
        "Check that PostgreSQL and Redis answer, that /health/ answers its status to anyone and "
        "its checks with the token, and that the login page is served."
    )

    def handle(self, *args, **options):
        results = {"database": run_check("database"), "redis": run_check("redis")}
        client = Client(HTTP_HOST="127.0.0.1")
        login = client.get("/accounts/login/")
        results["login_page"] = {"ok": login.status_code == 200, "status": login.status_code}
        public = client.get("/health/")
        results["health_public"] = {
            "ok": set(json.loads(public.content)) == {"status"},
            "status": public.status_code,
        }
        # A token of this run only: the check works whether or not HEALTH_TOKEN is configured.
        token = secrets.token_urlsafe(32)
        with override_settings(HEALTH_TOKEN=token):
            detailed = client.get("/health/", HTTP_AUTHORIZATION=f"Bearer {token}")
        checks = json.loads(detailed.content).get("checks", {})
        results["health_endpoint"] = {
            "ok": all(checks.get(name, {}).get("ok") for name in ("database", "redis")),
            "status": detailed.status_code,
        }
        for name, result in results.items():
            self.stdout.write(f"{'ok ' if result['ok'] else 'FAIL'} {name} {result}")
        if not all(result["ok"] for result in results.values()):
            raise CommandError("smoke check failed")
