"""Configuration classes; every setting can come from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from facilitator import settings

ASYNC_MODES = ("gevent", "eventlet", "threading")


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
    #: Filled by finalise() from the three settings below unless a caller gives its own
    SQLALCHEMY_ENGINE_OPTIONS: dict | None = None
    # A ping before each use of a pooled connection survives database restarts quietly, at
    # one round trip per transaction; FACILITATOR_DB_PRE_PING=0 saves it (docs/performance.md).
    DB_PRE_PING = os.environ.get("FACILITATOR_DB_PRE_PING", "1")
    # Every socket event is a green thread. SQLAlchemy's default pool (5 kept, 10 overflow
    # closed on return) opened and closed a PostgreSQL connection for many events under
    # load; a fixed pool of 10 measured best (docs/performance.md). Several processes
    # share PostgreSQL's max_connections.
    DB_POOL_SIZE = os.environ.get("FACILITATOR_DB_POOL_SIZE", "10")
    DB_MAX_OVERFLOW = os.environ.get("FACILITATOR_DB_MAX_OVERFLOW", "0")
    #: "production" makes SECRET_KEY mandatory and logs JSON by default
    ENVIRONMENT = os.environ.get("FACILITATOR_ENV", "development")
    #: "json" (one object per line, for a log collector) or "text"; by environment when unset
    LOG_FORMAT = os.environ.get("FACILITATOR_LOG_FORMAT") or None
    #: One line per HTTP request; on by default with JSON logs
    ACCESS_LOG = os.environ.get("FACILITATOR_ACCESS_LOG") or None
    #: How long SIGTERM waits for co-editing batches and a mailing's current message
    SHUTDOWN_GRACE_SECONDS = os.environ.get("FACILITATOR_SHUTDOWN_GRACE_SECONDS", "20")
    #: How long a mailing's sender may stay silent before a serving process takes it over
    MAILING_LEASE_SECONDS = os.environ.get("FACILITATOR_MAILING_LEASE_SECONDS", "20")
    ASYNC_MODE = os.environ.get("FACILITATOR_ASYNC_MODE", "gevent")
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    #: Wrong join codes one address may type before it waits (right codes never count)
    JOIN_CODE_FAILURES_LIMIT = os.environ.get(
        "FACILITATOR_JOIN_CODE_FAILURES_LIMIT", "30 per 10 minutes"
    )
    #: Failed logins allowed per window: per account, and per client address (a hall's NAT)
    LOGIN_FAILURES_PER_ACCOUNT = os.environ.get("FACILITATOR_LOGIN_FAILURES_PER_ACCOUNT", "10")
    LOGIN_FAILURES_PER_ADDRESS = os.environ.get("FACILITATOR_LOGIN_FAILURES_PER_ADDRESS", "50")
    LOGIN_FAILURE_WINDOW_MINUTES = os.environ.get("FACILITATOR_LOGIN_FAILURE_WINDOW", "15")
    #: How long "remember me" keeps a moderator logged in on a device
    REMEMBER_LOGIN_DAYS = os.environ.get("FACILITATOR_REMEMBER_DAYS", "30")
    #: Certificate checks one address may make per minute on the public page (/c/<code>)
    CERTIFICATE_CHECKS_PER_MINUTE = os.environ.get("CERTIFICATE_CHECKS_PER_MINUTE", "30")
    #: Werkzeug's method for new password hashes; a check reads the method from the stored hash
    PASSWORD_HASH_METHOD = "scrypt"
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    MAX_LOGO_BYTES = 2 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "ru"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("FACILITATOR_TIMEZONE", "Europe/Moscow")
    LANGUAGES = ("ru", "en")
    #: How many reverse proxies (nginx) stand in front and set X-Forwarded-For/-Proto/-Host
    PROXY_HOPS = os.environ.get("FACILITATOR_PROXY_HOPS", "0")
    #: Co-editing batches under way at once: one broadcasting, the others committing (PostgreSQL)
    REALTIME_BATCHES_AT_ONCE = os.environ.get("FACILITATOR_BATCHES_AT_ONCE", "2")
    PUBLIC_URL = os.environ.get("PUBLIC_URL")  # base for join links and QR codes behind a proxy
    #: Bearer token for /metrics; without one /metrics does not exist
    METRICS_TOKEN = os.environ.get("FACILITATOR_METRICS_TOKEN") or None
    #: Served over HTTPS (directly or behind a proxy): every cookie is Secure even when a
    #: request does not say so; behind a proxy X-Forwarded-Proto: https already makes them so
    HTTPS = os.environ.get("FACILITATOR_HTTPS", "0")
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    # Flask-Login's own remember cookie is not used (accounts/logins.py keeps revocable ones);
    # these flags only matter for expiring an old one.
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # a moderator's form may stay open through a long plenary
    DEVICE_COOKIE_NAME = "facilitator_device"
    DEVICE_COOKIE_DAYS = 365
    JOIN_CODE_LENGTH = 6
    # Outgoing mail for sending the group materials to participants; no host means no e-mail.
    SMTP_HOST = os.environ.get("SMTP_HOST") or None
    SMTP_PORT = os.environ.get("SMTP_PORT") or 587
    SMTP_USER = os.environ.get("SMTP_USER") or None
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD") or None
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "1")
    SMTP_TIMEOUT = os.environ.get("SMTP_TIMEOUT") or 30
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
    ENVIRONMENT = "development"
    LOG_FORMAT = "text"
    # Thousands of tests create and log in moderators; scrypt's deliberate cost (a third of a
    # second each way) would be most of the suite's time. Hashes stay salted and verified.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"


def finalise(app_config: dict, instance_path: Path) -> None:
    """Check every setting (ConfigError lists all problems), then fill the derived ones."""
    settings.check(app_config, ASYNC_MODES)
    if app_config.get("SQLALCHEMY_ENGINE_OPTIONS") is None:
        app_config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": app_config["DB_PRE_PING"],
            "pool_size": app_config["DB_POOL_SIZE"],
            "max_overflow": app_config["DB_MAX_OVERFLOW"],
        }
    instance_path.mkdir(parents=True, exist_ok=True)
    if not app_config.get("SQLALCHEMY_DATABASE_URI"):
        app_config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'facilitator.db'}"
    app_config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app_config["SQLALCHEMY_DATABASE_URI"], app_config["ASYNC_MODE"]
    )
    if app_config.get("HTTPS"):
        app_config["SESSION_COOKIE_SECURE"] = True
        app_config["REMEMBER_COOKIE_SECURE"] = True
        app_config["PREFERRED_URL_SCHEME"] = "https"
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
