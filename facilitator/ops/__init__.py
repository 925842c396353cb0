"""The operator's kit: probes, Prometheus metrics, logs with request ids, graceful stop."""

from __future__ import annotations

from flask import Flask

from facilitator.extensions import csrf, limiter


def init_app(app: Flask) -> None:
    """Add /healthz, /readyz and /metrics, and start counting."""
    from facilitator.ops import logs, metrics
    from facilitator.ops.health import bp as health_bp
    from facilitator.ops.metrics import bp as metrics_bp

    metrics.init_app(app)
    logs.init_app(app)
    for blueprint in (health_bp, metrics_bp):
        app.register_blueprint(blueprint)
        # Probes and scrapers send no cookies or forms and call often, from one address.
        csrf.exempt(blueprint)
        limiter.exempt(blueprint)


def configure_logging(log_format: str) -> None:
    """Log to stderr as "json" lines or readable "text"."""
    from facilitator.ops import logs

    logs.configure(log_format)
