"""Materials pages: the organiser's downloads and post-release editor, the participants' page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.routing import BuildError

from facilitator.hall import links
from facilitator.joining.identity import current_participant
from facilitator.materials import (
    bundle,
    drafts,
    exports,
    mailing,
    mailing_jobs,
    views_photos,
)
from facilitator.materials.blueprint import bp
from facilitator.materials.blueprint import send_download as _send
from facilitator.materials.mailing import GROUP_MATERIALS
from facilitator.materials.mailing_views import add_mailing_routes, latest_progress
from facilitator.materials.models import MailingState
from facilitator.materials.post_release import draft, generated_paragraphs
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import found_or_404, moderated_view
from facilitator.sessions.phases import Phase

PARAGRAPH_LABELS = {
    "heading": _l("Title"),
    "opening": _l("Date, place and framing event"),
    "organisers": _l("Organisers"),
    "participants": _l("Who took part and from where"),
    "officials": _l("Officials and guests present"),
    "theme": _l("Theme"),
    "talks": _l("Speakers"),
    "models_intro": _l("Creative groups' work"),
    "models": _l("Models worked out (one per line)"),
    "flow": _l("Presentations and open microphone"),
    "voting": _l("Voting"),
    "survey": _l("Survey (the chart follows this paragraph)"),
    "result": _l("Main result"),
    "next_steps": _l("What happens next"),
    "cultural_programme": _l("Cultural programme"),
    "thanks": _l("Thanks from the participants"),
    "publication": _l("Link to the published post"),
    "contact": _l("Contact person"),
}
FILE_DESCRIPTIONS = {
    "post-release-pdf": _l("PDF. The same post-release, to send or print as it is."),
    "group-materials-pdf": _l("PDF. The same group materials, to send or print as they are."),
    "results-letter": _l(
        "Word. A letter to colleagues: when and where, the moderators, the participants by "
        "category, the questions considered and the main result."
    ),
    "results-letter-pdf": _l("PDF. The same letter on the results."),
    "vk-post": _l(
        "Text. The post-release as plain text to paste into a VK wall post, within VK's length "
        "limit."
    ),
    "web-post": _l("HTML. The post-release as a web page for the organisation's website."),
    "post-release": _l(
        "Word. The post-release in the session's language: logos, date and place, who took part "
        "and from where, speakers, the models worked out, voting and survey results with a chart, "
        "contact person. Edit its paragraphs before downloading."
    ),
    "group-materials": _l(
        "Word. A title page, then a chapter per creative group: the model's title, members and "
        "leader, every template section with numbered headings and real tables, open-microphone "
        "comments and votes."
    ),
    "results": _l(
        "Excel. Sheets: summary, participants, groups with every section, votes, survey answers "
        "(a row per response, a column per question) and comments."
    ),
    "participants": _l(
        "CSV for Excel (UTF-8, semicolons): the participants' names, organisations, positions, "
        "places, e-mails and groups."
    ),
    "bundle": _l("Zip archive of all the files above."),
}
FILE_TITLES = {
    "post-release": _l("Post-release"),
    "group-materials": _l("Group materials"),
    "results": _l("Results workbook"),
    "participants": _l("Participants list"),
    "bundle": _l("Everything in one archive"),
    "post-release-pdf": _l("Post-release (PDF)"),
    "group-materials-pdf": _l("Group materials (PDF)"),
    "results-letter": _l("Letter on the results"),
    "results-letter-pdf": _l("Letter on the results (PDF)"),
    "vk-post": _l("Post for VK"),
    "web-post": _l("Post for the website"),
}


def _session_page(session_id: int) -> str | None:
    """The session's own page, when the sessions feature provides one."""
    try:
        return url_for("sessions.overview", session_id=session_id)
    except BuildError:
        return None


@bp.route("/sessions/<int:session_id>/materials")
@moderated_view
def index(session: DesignSession):
    """Every file the organiser can download, and the participants' sharing setting."""
    materials = exports.session_materials(session)
    sending = latest_progress(session, GROUP_MATERIALS)
    files = [
        (f, FILE_TITLES[f.key], FILE_DESCRIPTIONS[f.key], f.filename(materials))
        for f in (*bundle.FILES, bundle.BUNDLE)
    ]
    return render_template(
        "materials/index.html",
        session=session,
        materials=materials,
        files=files,
        shared=drafts.shared_with_participants(session),
        edited=len(drafts.stored_edits(session)),
        session_page=_session_page(session.id),
        participants_url=links.external_url("materials.participant_page", code=session.join_code),
        closed=session.phase == Phase.closed,
        mail=mailing.readiness(session),
        sending=sending,
        sending_report=mailing_report(sending) if sending and not sending.running else [],
        active_tab="materials",
        **views_photos.page_context(session),
    )


@bp.route("/sessions/<int:session_id>/materials/download/<key>")
@moderated_view
def download(session: DesignSession, key: str):
    """One file of the session's materials."""
    file = found_or_404(bundle.BY_KEY.get(key))
    data, filename = exports.build(session, file)
    return _send(data, filename, file.mimetype)


@bp.route("/sessions/<int:session_id>/materials/post-release", methods=["GET", "POST"])
@moderated_view
def post_release(session: DesignSession):
    """The post-release draft: one textarea per paragraph, edits kept, reset per paragraph."""
    materials = exports.session_materials(session)
    if request.method == "POST":
        generated = generated_paragraphs(materials)
        submitted = {k: request.form[f"p-{k}"] for k in generated if f"p-{k}" in request.form}
        changed = drafts.save_edits(session, submitted, generated, current_user)
        reset = request.form.get("reset")
        if reset in generated and drafts.reset_paragraph(session, reset, current_user):
            flash(_("The paragraph is back to the generated text."), "success")
        elif changed:
            flash(_("Your changes are saved."), "success")
        if request.form.get("action") == "download":
            return redirect(url_for(".download", session_id=session.id, key="post-release"))
        anchor = f"p-{reset}" if reset in generated else None
        return redirect(url_for(".post_release", session_id=session.id, _anchor=anchor))
    paragraphs = draft(materials, drafts.stored_edits(session))
    return render_template(
        "materials/post_release.html",
        session=session,
        paragraphs=paragraphs,
        labels=PARAGRAPH_LABELS,
        session_page=_session_page(session.id),
    )


@bp.route("/sessions/<int:session_id>/materials/sharing", methods=["POST"])
@moderated_view
def sharing(session: DesignSession):
    """Turn the participants' materials page on or off."""
    share = request.form.get("share") == "1"
    drafts.set_sharing(session, share, current_user)
    if share:
        flash(
            _("Participants can download the group materials once the session is closed."),
            "success",
        )
    else:
        flash(_("The group materials are no longer offered to participants."), "success")
    return redirect(url_for(".index", session_id=session.id))


add_mailing_routes(bp, "/sessions/<int:session_id>/materials", GROUP_MATERIALS, "mailing-heading")


def mailing_report(result: mailing_jobs.Progress) -> list[tuple[str, str]]:
    """What the materials page says about a finished mailing, as (category, sentence)."""
    messages = []
    if result.sent:
        messages.append(
            (
                "success",
                ngettext(
                    "The group materials were sent to %(num)d address.",
                    "The group materials were sent to %(num)d addresses.",
                    result.sent,
                ),
            )
        )
    if result.refused:
        reasons = "; ".join(f"{address} ({reason})" for address, reason in result.refused)
        messages.append(
            (
                "error",
                ngettext(
                    "Not delivered to %(num)d address: %(reasons)s.",
                    "Not delivered to %(num)d addresses: %(reasons)s.",
                    len(result.refused),
                    reasons=reasons,
                ),
            )
        )
    if result.problem:
        messages.append(("error", _("Sending stopped: %(reason)s", reason=result.problem)))
    if result.state == MailingState.INTERRUPTED and result.resumes_itself:
        messages.append(
            (
                "error",
                _(
                    "Sending was interrupted: the server stopped. It sends the rest by itself "
                    "within a minute; the addresses it was sending to at that moment are "
                    "reported, never sent twice."
                ),
            )
        )
    elif result.state == MailingState.INTERRUPTED:
        messages.append(("error", _("Sending was interrupted: the server restarted.")))
    if result.state == MailingState.PAUSED:
        messages.append(
            (
                "info",
                _("Sending paused: the server is restarting; it sends the rest once it is up."),
            )
        )
    if result.without_email:
        messages.append(
            (
                "info",
                ngettext(
                    "%(num)d participant gave no e-mail and got nothing.",
                    "%(num)d participants gave no e-mail and got nothing.",
                    result.without_email,
                ),
            )
        )
    return messages


def _participant_session_or_404(code: str):
    """The closed, shared session this device took part in; 404 for everyone else."""
    session = exports.find_by_code(code)
    if (
        session is None
        or session.phase != Phase.closed
        or not drafts.shared_with_participants(session)
        or current_participant(session) is None
    ):
        abort(404)
    return session


@bp.route("/m/<code>")
def participant_page(code: str):
    """The participants' page: the group materials of a closed session."""
    session = _participant_session_or_404(code)
    materials = exports.session_materials(session)
    return render_template(
        "materials/participant.html",
        session=session,
        groups=materials.groups,
        filename=bundle.GROUP_MATERIALS.filename(materials),
    )


@bp.route("/m/<code>/group-materials")
def participant_download(code: str):
    """The group materials for a participant of the closed session."""
    session = _participant_session_or_404(code)
    data, filename = exports.build(session, bundle.GROUP_MATERIALS)
    return _send(data, filename, bundle.GROUP_MATERIALS.mimetype)
