"""Before and at the door: pre-registration import, personal invitations, check-in."""

from __future__ import annotations

from flask import Flask


def init_door(app: Flask) -> None:
    """Register the door's pages and the invitations' mailing kind."""
    from facilitator.door import checkin, invitation_mail
    from facilitator.door.views_checkin import bp as checkin_bp
    from facilitator.door.views_import import bp as import_bp
    from facilitator.door.views_invitations import bp as invitations_bp
    from facilitator.door.views_personal import bp as personal_bp

    for blueprint in (import_bp, invitations_bp, checkin_bp, personal_bp):
        app.register_blueprint(blueprint)
    invitation_mail.register()
    app.jinja_env.filters["local_time"] = checkin.local_time
