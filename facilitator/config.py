"""Configuration classes; every setting can come from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ASYNC_MODES = ("gevent", "eventlet", "threading")
_FALSE = ("0", "false", "no", "off")


def normalise_database_url(url: str, async_mode: str) -> str:
    """Pick the PostgreSQL driver that can cooperate with the server's async mode."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        # psycopg 3 cannot go green under eventlet; psycopg2 can.
        driver = "psycopg2" if async_mode == "eventlet" else "psycopg"
        url = f"postgresql+{driver}://" + url.removeprefix("postgresql://")
    return url


class Config:
    """Defaults for a real deployment; the environment overrides them."""

    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {
        # A ping before each use of a pooled connection survives database restarts quietly, at
        # one round trip per transaction; FACILITATOR_DB_PRE_PING=0 saves it (docs/performance.md).
        "pool_pre_ping": os.environ.get("FACILITATOR_DB_PRE_PING", "1") != "0",
        # Every socket event is a green thread. SQLAlchemy's default pool (5 kept, 10 overflow
        # closed on return) opened and closed a PostgreSQL connection for many events under
        # load; a fixed pool of 10 measured best (docs/performance.md). Several processes
        # share PostgreSQL's max_connections.
        "pool_size": int(os.environ.get("FACILITATOR_DB_POOL_SIZE", "10")),
        "max_overflow": int(os.environ.get("FACILITATOR_DB_MAX_OVERFLOW", "0")),
    }
    ASYNC_MODE = os.environ.get("FACILITATOR_ASYNC_MODE", "gevent")
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    LOGIN_ATTEMPTS_PER_MINUTE = int(os.environ.get("LOGIN_ATTEMPTS_PER_MINUTE", "5"))
    #: Certificate checks one address may make per minute on the public page (/c/<code>)
    CERTIFICATE_CHECKS_PER_MINUTE = int(os.environ.get("CERTIFICATE_CHECKS_PER_MINUTE", "30"))
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    MAX_LOGO_BYTES = 2 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "ru"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("FACILITATOR_TIMEZONE", "Europe/Moscow")
    LANGUAGES = ("ru", "en")
    #: How many reverse proxies (nginx) stand in front and set X-Forwarded-For/-Proto/-Host
    PROXY_HOPS = int(os.environ.get("FACILITATOR_PROXY_HOPS", "0"))
    #: Co-editing batches under way at once: one broadcasting, the others committing (PostgreSQL)
    REALTIME_BATCHES_AT_ONCE = int(os.environ.get("FACILITATOR_BATCHES_AT_ONCE", "2"))
    PUBLIC_URL = os.environ.get("PUBLIC_URL")  # base for join links and QR codes behind a proxy
    #: Bearer token for /metrics; without one /metrics does not exist
    METRICS_TOKEN = os.environ.get("FACILITATOR_METRICS_TOKEN") or None
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a moderator's form may stay open through a long plenary
    DEVICE_COOKIE_NAME = "facilitator_device"
    DEVICE_COOKIE_DAYS = 365
    JOIN_CODE_LENGTH = 6
    # Outgoing mail for sending the group materials to participants; no host means no e-mail.
    SMTP_HOST = os.environ.get("SMTP_HOST") or None
    SMTP_PORT = int(os.environ.get("SMTP_PORT") or 587)
    SMTP_USER = os.environ.get("SMTP_USER") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1").strip().lower() not in _FALSE
    SMTP_TIMEOUT = int(os.environ.get("SMTP_TIMEOUT") or 30)
    MAIL_FROM = os.environ.get("MAIL_FROM") or None


class TestConfig(Config):
    """Isolated settings for the test suite."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("FACILITATOR_TEST_DATABASE_URL", "sqlite://")
    ASYNC_MODE = "threading"
    SOCKETIO_MESSAGE_QUEUE = None
    RATELIMIT_STORAGE_URI = "memory://"
    WTF_CSRF_ENABLED = False
    SERVER_NAME = "localhost"
    SMTP_HOST = None
    MAIL_FROM = None


def finalise(app_config: dict, instance_path: Path) -> None:
    """Fill settings that depend on the instance folder and validate the rest."""
    instance_path.mkdir(parents=True, exist_ok=True)
    if app_config.get("ASYNC_MODE") not in ASYNC_MODES:
        raise ValueError(f"FACILITATOR_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
    if not app_config.get("SQLALCHEMY_DATABASE_URI"):
        app_config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'facilitator.db'}"
    app_config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app_config["SQLALCHEMY_DATABASE_URI"], app_config["ASYNC_MODE"]
    )
    if not app_config.get("SECRET_KEY"):
        app_config["SECRET_KEY"] = _instance_secret(instance_path)


def _instance_secret(instance_path: Path) -> str:
    """Keep a generated secret in the instance folder so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key
