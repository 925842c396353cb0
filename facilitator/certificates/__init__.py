"""Certificates of participation: issued to those who attended, verified by a public code."""

from __future__ import annotations

from flask import Flask


def init_certificates(app: Flask) -> None:
    """Add the moderator's certificates pages, the public check page and the mailing kind."""
    from facilitator.certificates.mail import CERTIFICATES
    from facilitator.certificates.public import bp as public_bp
    from facilitator.certificates.views import bp as certificates_bp
    from facilitator.materials.mailing import register_kind

    app.register_blueprint(certificates_bp)
    app.register_blueprint(public_bp)
    register_kind(CERTIFICATES)
