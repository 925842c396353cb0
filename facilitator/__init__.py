"""Facilitator: run live design sessions with creative groups co-editing interaction models.

This module is the top of the layers: the app factory wires every feature together.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.resources import PACKAGE_DIR, resource_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    # Flask is imported lazily: the server entry point must monkey-patch before it loads.
    from flask import Flask


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    """Build the application: extensions, blueprints, socket namespaces and CLI."""
    from flask import Flask

    from facilitator import instance, ops
    from facilitator.config import Config, finalise

    configured = (config or {}).get("INSTANCE_PATH") if isinstance(config, dict) else None
    folder = instance.resolve(configured or os.environ.get("FACILITATOR_INSTANCE_PATH"))
    app = Flask(
        __name__,
        instance_path=str(folder.path),
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    app.config["INSTANCE_COPIED_FROM"] = folder.copied_from
    finalise(app.config, Path(app.instance_path))
    if app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind nginx, the login rate limit and join links need the client's real address.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    ops.configure_logging(app.config["LOG_FORMAT"])
    logging.getLogger("alembic").setLevel(logging.WARNING)

    for setup in _setups():
        setup(app)
    ops.init_app(app)
    return app


def _setups() -> tuple[Callable[[Flask], None], ...]:
    """What each part adds to the app, in the order it must be added."""
    from facilitator.cli import register_commands
    from facilitator.design import init_design
    from facilitator.door import init_door
    from facilitator.errors import init_error_pages
    from facilitator.guards import init_guards, init_join_limits
    from facilitator.live import init_live
    from facilitator.offline import init_offline
    from facilitator.realtime import init_realtime
    from facilitator.security import init_security

    return (
        # Input checks at the edge: bounded ids in URLs, no control characters, forms' JSON.
        init_guards,
        init_extensions,
        init_blueprints,
        # Wrong join codes are limited per address, so codes cannot be guessed.
        init_join_limits,
        # Pre-registration, personal invitations and check-in at the door.
        init_door,
        # The icon() template global and the /design page.
        init_design,
        # Friendly error pages in the visitor's language.
        init_error_pages,
        # Cookie flags and security headers (CSP, framing, HSTS over HTTPS) on every response.
        init_security,
        # Flask-SocketIO with the configured async mode and message queue.
        init_realtime,
        # Live control of running sessions: the /live namespace.
        init_live,
        # Content-hashed static URLs and the service worker of the participant pages.
        init_offline,
        # The commands that belong to the app.
        register_commands,
    )


def init_extensions(app: Flask) -> None:
    """Bind the extensions to the app."""
    from facilitator import database, i18n
    from facilitator.extensions import babel, csrf, db, limiter, login_manager, migrate
    from facilitator.templating import init_templating

    db.init_app(app)
    database.init_sqlite_pragmas(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(PACKAGE_DIR / "translations"),
    )
    # The limiter is one object for every app in the process; a limit one app took
    # from its config must not carry over to the next app built here.
    limiter.limit_manager.set_default_limits([])
    limiter.limit_manager.set_application_limits([])
    limiter.init_app(app)
    app.after_request(i18n.remember_locale_choice)
    init_templating(app)


def init_blueprints(app: Flask) -> None:
    """Register the HTML views."""
    from facilitator.accounts.settings_views import bp as account_bp
    from facilitator.accounts.views import bp as accounts_bp
    from facilitator.api.token_views import bp as api_tokens_bp
    from facilitator.api.views import bp as api_bp
    from facilitator.attendance.views import bp as attendance_bp
    from facilitator.certificates.mail import CERTIFICATES
    from facilitator.certificates.public import bp as certificate_check_bp
    from facilitator.certificates.views import bp as certificates_bp
    from facilitator.engagement.views import bp as engagement_bp
    from facilitator.extensions import csrf
    from facilitator.joining.roster_views import bp as roster_bp
    from facilitator.joining.views import bp as join_bp
    from facilitator.live.views import bp as live_bp
    from facilitator.materials.mailing import register_kind
    from facilitator.materials.views import bp as materials_bp
    from facilitator.realtime.views import bp as workspace_bp
    from facilitator.sessions.views import bp as sessions_bp
    from facilitator.survey.views import bp as survey_bp
    from facilitator.webapp import bp as webapp_bp

    for blueprint in (
        accounts_bp,
        sessions_bp,
        roster_bp,
        join_bp,
        workspace_bp,
        materials_bp,
        engagement_bp,
        survey_bp,
        live_bp,
        api_bp,
        api_tokens_bp,
        webapp_bp,
        account_bp,
        attendance_bp,
        certificates_bp,
        certificate_check_bp,
    ):
        app.register_blueprint(blueprint)
    register_kind(CERTIFICATES)
    # The API authenticates with bearer tokens, never cookies, so a forged form cannot use it.
    csrf.exempt(api_bp)
