"""Fault drills: the app while a service it depends on fails, with private servers that the drill
starts, breaks and brings back itself. The machine's shared PostgreSQL and Redis are never
stopped: other test runs use them."""

import pytest

from factorypulse.celery import app as celery_app
from factorypulse.devstack.servers import REDIS_PORT, RedisServer, free_port


def drop_broker_connections() -> None:
    """Make the Celery app look its connection pools up again for the current broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path / "redis", free_port(REDIS_PORT))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_on_private_redis(private_redis, settings):
    """The app's cache, Redis checks and Celery broker all on the private Redis."""
    settings.REDIS_URL = private_redis.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": private_redis.url}}
    settings.CELERY_BROKER_URL = private_redis.url
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = private_redis.url
    drop_broker_connections()
    yield private_redis
    celery_app.conf.broker_url = saved
    drop_broker_connections()
