"""Start-up checks of the configuration: typed values, and combinations that would go wrong later.

Every setting comes from the environment as text. ``check`` turns the typed ones into numbers and
booleans in place and collects every mistake, so an operator fixes them all in one go instead of
one traceback per start. The messages name the environment variable, never a secret's value;
they are in FACILITATOR_LANGUAGE or the system's language (Russian or English).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from facilitator.console import operator_language, translator

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")
ENVIRONMENTS = ("development", "production")
LOG_FORMATS = ("text", "json")
#: The shortest SECRET_KEY production accepts: a guessable key lets anyone forge a login cookie
MIN_SECRET_LENGTH = 32
#: The shortest metrics token: it is the only thing between the Internet and /metrics
MIN_METRICS_TOKEN_LENGTH = 16
DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres")
REDIS_SCHEMES = ("redis", "rediss", "unix")


class ConfigError(ValueError):
    """The configuration cannot be used; ``errors`` lists every reason, one sentence each."""

    def __init__(self, errors: list[str], heading: str = "Invalid configuration:") -> None:
        self.errors = list(errors)
        super().__init__(heading + "\n" + "\n".join(f"  - {e}" for e in errors))


@dataclass(frozen=True)
class Problem:
    """One mistake found: an English sentence and its values, translated when it is shown."""

    text: str
    values: dict[str, Any]

    def render(self, translate: Callable[..., str]) -> str:
        """The sentence in the language of ``translate``."""
        return translate(self.text, **self.values)


def _(text: str, **values: Any) -> Problem:
    """Mark a sentence for the catalogue; it is translated once the operator's language is known."""
    return Problem(text, values)


@dataclass(frozen=True)
class Integer:
    """An integer setting within bounds."""

    key: str
    env: str
    low: int
    high: int | None = None


INTEGERS = (
    Integer("DB_POOL_SIZE", "FACILITATOR_DB_POOL_SIZE", 1, 1000),
    Integer("DB_MAX_OVERFLOW", "FACILITATOR_DB_MAX_OVERFLOW", 0, 1000),
    Integer("LOGIN_FAILURES_PER_ACCOUNT", "FACILITATOR_LOGIN_FAILURES_PER_ACCOUNT", 1, 10_000),
    Integer("LOGIN_FAILURES_PER_ADDRESS", "FACILITATOR_LOGIN_FAILURES_PER_ADDRESS", 1, 100_000),
    Integer("LOGIN_FAILURE_WINDOW_MINUTES", "FACILITATOR_LOGIN_FAILURE_WINDOW", 1, 24 * 60),
    Integer("REMEMBER_LOGIN_DAYS", "FACILITATOR_REMEMBER_DAYS", 1, 3650),
    Integer("CERTIFICATE_CHECKS_PER_MINUTE", "CERTIFICATE_CHECKS_PER_MINUTE", 1, 100_000),
    Integer("PROXY_HOPS", "FACILITATOR_PROXY_HOPS", 0, 5),
    Integer("REALTIME_BATCHES_AT_ONCE", "FACILITATOR_BATCHES_AT_ONCE", 1, 16),
    Integer("SMTP_PORT", "SMTP_PORT", 1, 65535),
    Integer("SMTP_TIMEOUT", "SMTP_TIMEOUT", 1, 600),
    Integer("SHUTDOWN_GRACE_SECONDS", "FACILITATOR_SHUTDOWN_GRACE_SECONDS", 1, 600),
    Integer("MAILING_LEASE_SECONDS", "FACILITATOR_MAILING_LEASE_SECONDS", 4, 600),
)
BOOLEANS = (
    ("DB_PRE_PING", "FACILITATOR_DB_PRE_PING"),
    ("SMTP_STARTTLS", "SMTP_STARTTLS"),
    ("ACCESS_LOG", "FACILITATOR_ACCESS_LOG"),
    ("HTTPS", "FACILITATOR_HTTPS"),
)
CHOICES = (
    ("ENVIRONMENT", "FACILITATOR_ENV", ENVIRONMENTS),
    ("LOG_FORMAT", "FACILITATOR_LOG_FORMAT", LOG_FORMATS),
)


def check(
    config: MutableMapping[str, Any], async_modes: tuple[str, ...], language: str | None = None
) -> None:
    """Convert the typed settings in place; raise ConfigError listing every problem found.

    The list is in ``language``, else the operator's (FACILITATOR_LANGUAGE, the locale, English).
    """
    errors: list[Problem] = []
    for spec in INTEGERS:
        _integer(config, spec, errors)
    for key, env in BOOLEANS:
        _boolean(config, key, env, errors)
    for key, env, allowed in CHOICES:
        _choice(config, key, env, allowed, errors)
    _choice(config, "ASYNC_MODE", "FACILITATOR_ASYNC_MODE", async_modes, errors)
    if config.get("LOG_FORMAT") is None:
        production = config.get("ENVIRONMENT") == "production"
        config["LOG_FORMAT"] = "json" if production else "text"
    if config.get("ACCESS_LOG") is None:
        config["ACCESS_LOG"] = config["LOG_FORMAT"] == "json"
    for rule in RULES:
        problem = rule(config)
        if problem:
            errors.append(problem)
    if errors:
        translate = translator(language or operator_language())
        raise ConfigError(
            [error.render(translate) for error in errors],
            _("Invalid configuration:").render(translate),
        )


def _integer(config: MutableMapping[str, Any], spec: Integer, errors: list[Problem]) -> None:
    value = config.get(spec.key)
    if value is None or isinstance(value, bool):
        return
    try:
        number = int(str(value).strip())
    except ValueError:
        errors.append(
            _(
                "%(name)s must be a whole number, not %(value)s.",
                name=spec.env,
                value=repr(str(value)[:40]),
            )
        )
        return
    if number < spec.low or (spec.high is not None and number > spec.high):
        errors.append(
            _(
                "%(name)s must be between %(low)s and %(high)s, not %(value)s.",
                name=spec.env,
                low=spec.low,
                high=spec.high,
                value=number,
            )
        )
        return
    config[spec.key] = number


def _boolean(config: MutableMapping[str, Any], key: str, env: str, errors: list[Problem]) -> None:
    value = config.get(key)
    if value is None or isinstance(value, bool):
        return
    text = str(value).strip().lower()
    if text not in TRUE + FALSE:
        errors.append(
            _(
                "%(name)s must be 1 or 0 (yes/no, true/false), not %(value)s.",
                name=env,
                value=repr(str(value)[:40]),
            )
        )
        return
    config[key] = text in TRUE


def _choice(
    config: MutableMapping[str, Any],
    key: str,
    env: str,
    allowed: tuple[str, ...],
    errors: list[Problem],
) -> None:
    value = config.get(key)
    if value is None or value == "":
        config[key] = None
        return
    text = str(value).strip().lower()
    if text not in allowed:
        errors.append(
            _(
                "%(name)s must be one of %(allowed)s, not %(value)s.",
                name=env,
                allowed=", ".join(allowed),
                value=repr(str(value)[:40]),
            )
        )
        return
    config[key] = text


def _production_secret(config: MutableMapping[str, Any]) -> Problem | None:
    if config.get("ENVIRONMENT") != "production":
        return None
    secret = config.get("SECRET_KEY")
    if not secret:
        return _("SECRET_KEY is required in production (FACILITATOR_ENV=production).")
    if len(str(secret)) < MIN_SECRET_LENGTH:
        return _(
            "SECRET_KEY must be at least %(num)s characters in production.",
            num=MIN_SECRET_LENGTH,
        )
    return None


def _shared_secret(config: MutableMapping[str, Any]) -> Problem | None:
    if config.get("SOCKETIO_MESSAGE_QUEUE") and not config.get("SECRET_KEY"):
        return _(
            "REDIS_URL is set (several processes) but SECRET_KEY is not: each process would "
            "sign cookies with a key of its own. Set the same SECRET_KEY for every process."
        )
    return None


def _mail_pair(config: MutableMapping[str, Any]) -> Problem | None:
    host, sender = config.get("SMTP_HOST"), config.get("MAIL_FROM")
    if host and not sender:
        return _("SMTP_HOST is set but MAIL_FROM is not: e-mail would be off. Set MAIL_FROM.")
    if sender and not host:
        return _("MAIL_FROM is set but SMTP_HOST is not: e-mail would be off. Set SMTP_HOST.")
    if sender and "@" not in parseaddr(str(sender))[1]:
        return _(
            "MAIL_FROM must be an e-mail address, not %(value)s.", value=repr(str(sender)[:60])
        )
    return None


def _database_url(config: MutableMapping[str, Any]) -> Problem | None:
    url = config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        return None
    try:
        parsed = sa.make_url(str(url))
    except (sa.exc.ArgumentError, ValueError):
        return _(
            "DATABASE_URL is not a database URL (postgresql://user@host/name or sqlite:///path)."
        )
    if parsed.get_backend_name() not in DATABASE_SCHEMES:
        return _(
            "DATABASE_URL must be PostgreSQL or SQLite, not %(value)s.",
            value=repr(parsed.get_backend_name()),
        )
    return None


def _redis_url(config: MutableMapping[str, Any]) -> Problem | None:
    url = config.get("SOCKETIO_MESSAGE_QUEUE")
    if url and urlsplit(str(url)).scheme not in REDIS_SCHEMES:
        return _("REDIS_URL must start with redis://, rediss:// or unix://.")
    return None


def _public_url(config: MutableMapping[str, Any]) -> Problem | None:
    url = config.get("PUBLIC_URL")
    if not url:
        return None
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        return _(
            "PUBLIC_URL must be like https://facilitator.example.org, not %(value)s.",
            value=repr(str(url)[:80]),
        )
    return None


def _metrics_token(config: MutableMapping[str, Any]) -> Problem | None:
    token = config.get("METRICS_TOKEN")
    if token and len(str(token)) < MIN_METRICS_TOKEN_LENGTH:
        return _(
            "FACILITATOR_METRICS_TOKEN must be at least %(num)s characters.",
            num=MIN_METRICS_TOKEN_LENGTH,
        )
    return None


def _timezone(config: MutableMapping[str, Any]) -> Problem | None:
    zone = config.get("BABEL_DEFAULT_TIMEZONE")
    if not zone:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_+\-/]{1,64}", str(zone)):
        return _(
            "FACILITATOR_TIMEZONE is not a time zone name: %(value)s.", value=repr(str(zone)[:40])
        )
    try:
        zoneinfo.ZoneInfo(str(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _(
            "FACILITATOR_TIMEZONE is not a known time zone: %(value)s (e.g. Europe/Moscow).",
            value=repr(zone),
        )
    return None


RULES: tuple[Callable[[MutableMapping[str, Any]], Problem | None], ...] = (
    _production_secret,
    _shared_secret,
    _mail_pair,
    _database_url,
    _redis_url,
    _public_url,
    _metrics_token,
    _timezone,
)
