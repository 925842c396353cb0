"""The operator's kit: liveness and readiness probes, and Prometheus metrics."""

from __future__ import annotations

from flask import Flask

from facilitator.extensions import csrf, limiter


def init_app(app: Flask) -> None:
    """Add /healthz, /readyz and /metrics, and start counting."""
    from facilitator.ops import metrics
    from facilitator.ops.health import bp as health_bp
    from facilitator.ops.metrics import bp as metrics_bp

    metrics.init_app(app)
    for blueprint in (health_bp, metrics_bp):
        app.register_blueprint(blueprint)
        # Probes and scrapers send no cookies or forms and call often, from one address.
        csrf.exempt(blueprint)
        limiter.exempt(blueprint)
