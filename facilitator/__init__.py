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

    init_guards(app)
    init_extensions(app)
    init_blueprints(app)
    init_join_limits(app)
    init_door(app)
    init_design(app)
    init_error_pages(app)
    init_realtime(app)
    init_live(app)
    init_offline(app)
    init_cli(app)
    ops.init_app(app)
    return app


def init_guards(app: Flask) -> None:
    """Check input at the edge: bounded ids in URLs, no control characters, forms' JSON shape."""
    from facilitator.guards import init_guards as _init

    _init(app)


def init_join_limits(app: Flask) -> None:
    """Limit wrong join codes per address, so codes cannot be guessed."""
    from facilitator.guards import init_join_limits as _init

    _init(app)


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

    for blueprint in (accounts_bp, sessions_bp, roster_bp, join_bp, workspace_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(materials_bp)
    app.register_blueprint(engagement_bp)
    app.register_blueprint(survey_bp)
    app.register_blueprint(live_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_tokens_bp)
    app.register_blueprint(webapp_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(attendance_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(certificate_check_bp)
    register_kind(CERTIFICATES)
    # The API authenticates with bearer tokens, never cookies, so a forged form cannot use it.
    csrf.exempt(api_bp)


def init_door(app: Flask) -> None:
    """Pre-registration, personal invitations and check-in at the door."""
    from facilitator.door import init_door as _init

    _init(app)


def init_design(app: Flask) -> None:
    """Add the design system: the icon() template global and the /design page."""
    from facilitator.design import init_design as _init

    _init(app)


def init_error_pages(app: Flask) -> None:
    """Friendly error pages in the visitor's language."""
    from facilitator.errors import init_error_pages as _init

    _init(app)
    init_security(app)


def init_security(app: Flask) -> None:
    """Cookie flags and security headers (CSP, framing, HSTS over HTTPS) on every response."""
    from facilitator.security import init_security as _init

    _init(app)


def init_realtime(app: Flask) -> None:
    """Attach Flask-SocketIO with the configured async mode and message queue."""
    from facilitator.realtime import init_realtime as _init

    _init(app)


def init_live(app: Flask) -> None:
    """Add live control of running sessions: the /live namespace."""
    from facilitator.live import init_live as _init

    _init(app)


def init_offline(app: Flask) -> None:
    """Content-hashed static URLs and the service worker of the participant pages."""
    from facilitator.offline import init_offline as _init

    _init(app)


def init_cli(app: Flask) -> None:
    """Register the commands that belong to the app."""
    from facilitator.cli import register_commands

    register_commands(app)
