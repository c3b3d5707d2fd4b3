"""Production settings: everything from the environment, a clear error for every missing, empty
or malformed value, and Django's deployment check clean at warning level."""

import ipaddress
import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import environment
from portal.settings.base import BASE_DIR

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "qabyldau.example.kz",
    "CSRF_TRUSTED_ORIGINS": "https://qabyldau.example.kz",
    "PORTAL_BASE_URL": "https://qabyldau.example.kz",
    "DATABASE_URL": "postgres://portal:secret-pw@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
}
# The variables that change what production settings do; the tests set them, nothing else.
CLEARED = {"DEBUG", "SECURE_SSL_REDIRECT", "LOG_FORMAT", "LOG_LEVEL", "PORTAL_PRIVATE_STORAGE"}


def manage(*args, **env):
    environment_ = {k: v for k, v in os.environ.items() if k not in CLEARED | set(PRODUCTION)}
    environment_.update(PRODUCTION)
    environment_.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={k: v for k, v in environment_.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_at_warning_level():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_passes_with_the_proxy_redirecting_to_https():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECURE_SSL_REDIRECT="0")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "", "DATABASE_URL is empty"),
        ("DATABASE_URL", "postgres//portal@localhost/portal", "DATABASE_URL is not a database URL"),
        ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL is not a Redis URL"),
        ("SECRET_KEY", None, "SECRET_KEY is not set"),
        ("ALLOWED_HOSTS", "", "ALLOWED_HOSTS is empty"),
        ("CSRF_TRUSTED_ORIGINS", "qabyldau.example.kz", "CSRF_TRUSTED_ORIGINS takes origins"),
        ("PORTAL_TRUSTED_PROXIES", "nginx", "PORTAL_TRUSTED_PROXIES takes the proxies'"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("PORTAL_PRIVATE_STORAGE", "ftp", "PORTAL_PRIVATE_STORAGE must be 'local' or 's3'"),
    ],
)
def test_a_bad_value_stops_with_an_error_naming_the_variable(variable, value, message):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
    assert "secret-pw" not in result.stderr  # a password in a URL is never repeated


class TestEnvironment:
    def test_database_url_gets_persistent_checked_connections(self):
        config = environment.database("postgres://portal:pw@db.internal:5432/portal")
        assert config["ENGINE"] == "django.db.backends.postgresql"
        assert config["CONN_MAX_AGE"] == 600
        assert config["CONN_HEALTH_CHECKS"] is True

    def test_an_empty_database_url_means_the_default_in_development(self):
        config = environment.database("", default="sqlite:////tmp/dev.sqlite3")
        assert config["ENGINE"] == "django.db.backends.sqlite3"

    @pytest.mark.parametrize("url", ["postgres://u:pw@host:port/db", "mysql-ish", "postgres://h"])
    def test_a_malformed_database_url_is_refused_without_its_password(self, url):
        with pytest.raises(ImproperlyConfigured) as error:
            environment.database(url)
        assert "pw" not in str(error.value)

    def test_a_weak_secret_key_is_refused(self):
        with pytest.raises(ImproperlyConfigured, match="too weak"):
            environment.secret_key("short")

    def test_hosts_without_scheme_or_port(self):
        assert environment.hosts("a.kz, b.kz,[::1]") == ["a.kz", "b.kz", "[::1]"]
        with pytest.raises(ImproperlyConfigured):
            environment.hosts("https://a.kz")
        with pytest.raises(ImproperlyConfigured):
            environment.hosts("*")

    def test_trusted_proxies_are_addresses_and_networks(self):
        assert environment.networks("127.0.0.1, 10.0.0.0/24") == (
            ipaddress.ip_network("127.0.0.1/32"),
            ipaddress.ip_network("10.0.0.0/24"),
        )

    def test_boolean_refuses_anything_else(self):
        os.environ["PORTAL_TEST_FLAG"] = "maybe"
        try:
            with pytest.raises(ImproperlyConfigured, match="PORTAL_TEST_FLAG must be 1 or 0"):
                environment.boolean("PORTAL_TEST_FLAG", True)
        finally:
            del os.environ["PORTAL_TEST_FLAG"]

    def test_private_storage_is_local_by_default_and_s3_by_choice(self, monkeypatch):
        local = environment.private_storage("", "/srv/private")
        assert local["OPTIONS"]["location"] == "/srv/private"
        monkeypatch.setenv("PORTAL_S3_BUCKET", "documents")
        monkeypatch.setenv("PORTAL_S3_ENDPOINT_URL", "https://s3.example.kz")
        s3 = environment.private_storage("s3", "/srv/private")
        assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
        assert s3["OPTIONS"]["bucket_name"] == "documents"
        assert s3["OPTIONS"]["default_acl"] == "private"
        monkeypatch.delenv("PORTAL_S3_BUCKET")
        with pytest.raises(ImproperlyConfigured, match="PORTAL_S3_BUCKET is not set"):
            environment.private_storage("s3", "/srv/private")


def test_production_uses_redis_for_sessions_and_the_task_queue():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.Q_CLUSTER.get('redis'), 'orm' in s.Q_CLUSTER, "
        "s.CACHES['default']['BACKEND'])"
    )
    result = manage("shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "redis://127.0.0.1:6379/0",
        "False",
        "django.core.cache.backends.redis.RedisCache",
    ]
