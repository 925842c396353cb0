"""Start-up checks of the configuration: every mistake listed at once, unsafe pairs refused."""

from __future__ import annotations

import subprocess

import pytest

from facilitator import create_app
from facilitator.config import ASYNC_MODES
from facilitator.settings import ConfigError, check
from tests.live_server import facilitator_command


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The messages in English unless a test asks otherwise, whatever this machine's locale."""
    monkeypatch.setenv("FACILITATOR_LANGUAGE", "en")


def problems(**config) -> list[str]:
    """What check() says about a configuration (empty when it passes)."""
    try:
        check(config, ASYNC_MODES)
    except ConfigError as error:
        return error.errors
    return []


def test_the_zero_configuration_laptop_start_passes_and_logs_text():
    config = {"ASYNC_MODE": "gevent", "ENVIRONMENT": None}

    check(config, ASYNC_MODES)

    assert config["LOG_FORMAT"] == "text"
    assert config["ACCESS_LOG"] is False


def test_production_logs_json_unless_told_otherwise():
    secret = "x" * 40
    chosen = {"ENVIRONMENT": "production", "SECRET_KEY": secret, "ASYNC_MODE": "gevent"}
    check(chosen, ASYNC_MODES)
    assert chosen["LOG_FORMAT"] == "json"
    assert chosen["ACCESS_LOG"] is True

    told = chosen | {"LOG_FORMAT": "TEXT"}
    check(told, ASYNC_MODES)
    assert told["LOG_FORMAT"] == "text"


def test_numbers_and_booleans_from_the_environment_are_converted():
    config = {"DB_POOL_SIZE": " 12 ", "PROXY_HOPS": "1", "SMTP_STARTTLS": "no", "SMTP_PORT": 25}

    check(config, ASYNC_MODES)

    assert config["DB_POOL_SIZE"] == 12
    assert config["PROXY_HOPS"] == 1
    assert config["SMTP_STARTTLS"] is False
    assert config["SMTP_PORT"] == 25


def test_every_mistake_is_listed_at_once():
    found = problems(
        DB_POOL_SIZE="abc",
        PROXY_HOPS="-1",
        SMTP_HOST="smtp.example.org",
        SOCKETIO_MESSAGE_QUEUE="redis://127.0.0.1:6379/0",
        PUBLIC_URL="ftp://example.org",
        SQLALCHEMY_DATABASE_URI="mysql://db/facilitator",
        LOG_FORMAT="xml",
        SMTP_STARTTLS="maybe",
    )

    text = "\n".join(found)
    assert len(found) == 8, found
    for name in (
        "FACILITATOR_DB_POOL_SIZE must be a whole number, not 'abc'",
        "FACILITATOR_PROXY_HOPS must be between 0 and 5",
        "MAIL_FROM",
        "SECRET_KEY",
        "PUBLIC_URL",
        "DATABASE_URL",
        "FACILITATOR_LOG_FORMAT",
        "SMTP_STARTTLS",
    ):
        assert name in text


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"SMTP_HOST": "smtp.example.org"}, "MAIL_FROM is not"),
        ({"ACCESS_LOG": "sometimes"}, "FACILITATOR_ACCESS_LOG must be 1 or 0"),
        ({"MAIL_FROM": "noreply@example.org"}, "SMTP_HOST is not"),
        ({"SMTP_HOST": "smtp", "MAIL_FROM": "nobody"}, "MAIL_FROM must be an e-mail"),
        ({"SOCKETIO_MESSAGE_QUEUE": "redis://r/0"}, "each process would sign cookies"),
        ({"SOCKETIO_MESSAGE_QUEUE": "http://r", "SECRET_KEY": "k"}, "REDIS_URL must start"),
        ({"ENVIRONMENT": "production"}, "SECRET_KEY is required in production"),
        ({"ENVIRONMENT": "production", "SECRET_KEY": "short"}, "at least 32 characters"),
        ({"ENVIRONMENT": "staging"}, "FACILITATOR_ENV must be one of"),
        ({"PROXY_HOPS": "two"}, "FACILITATOR_PROXY_HOPS must be a whole number"),
        ({"METRICS_TOKEN": "abc"}, "FACILITATOR_METRICS_TOKEN must be at least"),
        ({"PUBLIC_URL": "https://"}, "PUBLIC_URL must be like"),
        ({"BABEL_DEFAULT_TIMEZONE": "Mars/Olympus"}, "not a known time zone"),
        ({"ASYNC_MODE": "tornado"}, "FACILITATOR_ASYNC_MODE must be one of"),
        ({"SQLALCHEMY_DATABASE_URI": "not a url"}, "DATABASE_URL is not a database URL"),
    ],
)
def test_an_unsafe_or_malformed_setting_is_refused_with_its_reason(config, expected):
    found = problems(**config)

    assert len(found) == 1, found
    assert expected in found[0]


def test_a_secret_is_never_echoed_in_an_error():
    found = problems(ENVIRONMENT="production", SECRET_KEY="hunter2-very-secret")

    assert found and "hunter2" not in "\n".join(found)


def test_create_app_raises_one_error_naming_every_problem(tmp_path):
    with pytest.raises(ConfigError) as raised:
        create_app(
            {
                "INSTANCE_PATH": str(tmp_path),
                "DB_POOL_SIZE": "many",
                "SMTP_HOST": "smtp.example.org",
                "MAIL_FROM": None,
            }
        )

    assert len(raised.value.errors) == 2
    assert "FACILITATOR_DB_POOL_SIZE" in str(raised.value)
    assert "MAIL_FROM" in str(raised.value)


def test_the_pool_settings_reach_the_engine_options(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none",
            "DB_POOL_SIZE": "7",
            "DB_MAX_OVERFLOW": "3",
            "DB_PRE_PING": "0",
        }
    )

    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": False,
        "pool_size": 7,
        "max_overflow": 3,
    }


def test_the_command_lists_every_problem_and_exits_without_a_traceback(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
        "FACILITATOR_DB_POOL_SIZE": "abc",
        "SMTP_HOST": "smtp.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "FACILITATOR_PROXY_HOPS": "lots",
    }

    done = subprocess.run(
        [*facilitator_command(), "run", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 78
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("  - ")]
    assert len(lines) == 4, done.stderr
    assert "FACILITATOR_DB_POOL_SIZE" in done.stderr
    assert "FACILITATOR_PROXY_HOPS" in done.stderr


def test_the_list_is_in_russian_when_facilitator_language_says_so(monkeypatch):
    monkeypatch.setenv("FACILITATOR_LANGUAGE", "ru")

    with pytest.raises(ConfigError) as raised:
        check({"DB_POOL_SIZE": "abc", "SMTP_HOST": "smtp.example.org"}, ASYNC_MODES)

    assert raised.value.errors == [
        "FACILITATOR_DB_POOL_SIZE: нужно целое число, а не 'abc'.",
        "SMTP_HOST задан, а MAIL_FROM — нет: почта была бы отключена. Задайте MAIL_FROM.",
    ]
    assert str(raised.value).startswith("Недопустимая конфигурация:\n  - FACILITATOR_DB_POOL_SIZE")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "нужно число от 0 до 5, а не 9."),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "нужно число от 0 до 5, а не 9."),
        ({"LANG": "en_GB.UTF-8"}, "must be between 0 and 5, not 9."),
        ({"LANG": "C.UTF-8"}, "must be between 0 and 5, not 9."),
        ({"FACILITATOR_LANGUAGE": "en", "LANG": "ru_RU.UTF-8"}, "must be between 0 and 5"),
    ],
)
def test_without_facilitator_language_the_locale_decides_and_english_is_the_default(
    monkeypatch, environ, expected
):
    for name in ("FACILITATOR_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    assert expected in problems(PROXY_HOPS="9")[0]


def test_the_command_lists_the_problems_in_russian_on_a_russian_system(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "ru_RU.UTF-8",
        "FACILITATOR_INSTANCE_PATH": str(tmp_path / "instance"),
        "FACILITATOR_DB_POOL_SIZE": "abc",
        "MAIL_FROM": "noreply@example.org",
    }

    done = subprocess.run(
        [*facilitator_command(), "run", "--port", "1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 78, done.stderr
    assert done.stderr.splitlines() == [
        "facilitator: с такой конфигурацией работать нельзя:",
        "  - FACILITATOR_DB_POOL_SIZE: нужно целое число, а не 'abc'.",
        "  - MAIL_FROM задан, а SMTP_HOST — нет: почта была бы отключена. Задайте SMTP_HOST.",
    ]
