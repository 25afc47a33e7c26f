from django.conf import settings
from django.contrib.auth import get_user_model


def test_database_is_real_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_custom_user_model_is_the_users_table():
    user_model = get_user_model()
    assert settings.AUTH_USER_MODEL == "users.User"
    assert user_model._meta.db_table == "users"
    assert user_model._meta.pk.get_internal_type() == "UUIDField"
    assert user_model.USERNAME_FIELD == "email"


def test_argon2_is_the_production_password_hasher():
    from factorypulse.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_pages_send_a_csp_that_forbids_inline_script(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_empty_celery_broker_url_means_the_redis_url(monkeypatch):
    import importlib

    base = importlib.import_module("factorypulse.settings.base")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/7")
    monkeypatch.setenv("CELERY_BROKER_URL", "")
    try:
        assert importlib.reload(base).CELERY_BROKER_URL == "redis://127.0.0.1:6379/7"
        monkeypatch.setenv("CELERY_BROKER_URL", "redis://broker.example:6379/1")
        assert importlib.reload(base).CELERY_BROKER_URL == "redis://broker.example:6379/1"
    finally:
        monkeypatch.undo()
        importlib.reload(base)
