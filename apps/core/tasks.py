from celery import shared_task
from celery.signals import beat_init

from apps.core import health


@shared_task(ignore_result=True)
def record_heartbeat() -> None:
    """Beat schedules this; `/health/` reports its age, proving beat and a worker both run."""
    health.record_heartbeat()


@beat_init.connect
def _heartbeat_on_beat_start(sender=None, **kwargs) -> None:
    record_heartbeat.delay()
