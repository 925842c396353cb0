"""The template tab: the sections of the interaction model the groups will write."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from facilitator.extensions import db
from facilitator.sessions import template_editor
from facilitator.sessions.forms import LibraryTemplateForm, MoveForm, SectionForm
from facilitator.sessions.models import DesignSession, TemplateSection
from facilitator.sessions.permissions import moderated_session_or_404
from facilitator.sessions.phases import SectionKind
from facilitator.sessions.views.common import bp, check_action, me


def _section_or_404(session: DesignSession, section_id: int) -> TemplateSection:
    template = template_editor.ensure_template(session)
    section = db.session.get(TemplateSection, section_id)
    if section is None or section.template_id != template.id:
        abort(404)
    return section


def _render_template_tab(
    session: DesignSession,
    form: SectionForm | None = None,
    library_form: LibraryTemplateForm | None = None,
    status: int = 200,
):
    template = template_editor.ensure_template(session)
    if library_form is None:
        library_form = LibraryTemplateForm(formdata=None, data={"name": template.name})
    return render_template(
        "sessions/template.html",
        session=session,
        template=template,
        form=form or SectionForm(formdata=None),
        library_form=library_form,
        active_tab="template",
    ), status


@bp.route("/<int:session_id>/template", methods=["GET", "POST"])
@login_required
def template_tab(session_id: int):
    """The template's sections in order, with a form to add one."""
    session = moderated_session_or_404(session_id)
    template = template_editor.ensure_template(session)
    form = SectionForm()
    if not form.is_submitted():
        return _render_template_tab(session, form)
    if not form.validate():
        return _render_template_tab(session, form, status=422)
    section = template_editor.add_section(
        template,
        form.title.data,
        SectionKind(form.kind.data),
        me(),
        hint=form.hint.data,
        example=form.example.data,
        column_titles=form.column_titles(),
    )
    flash(_("The section «%(title)s» is added.", title=section.title), "success")
    return redirect(
        url_for("sessions.template_tab", session_id=session.id, _anchor=f"section-{section.id}")
    )


@bp.route("/<int:session_id>/template/<int:section_id>/edit", methods=["GET", "POST"])
@login_required
def edit_section(session_id: int, section_id: int):
    """Rename a section or change its hint, example and columns."""
    session = moderated_session_or_404(session_id)
    section = _section_or_404(session, section_id)
    form = SectionForm(obj=section)
    # The kind is fixed once the section exists: the groups' documents are shaped by it.
    form.kind.data = section.kind.value
    if not form.is_submitted():
        form.columns.data = "\n".join(c["title"] for c in section.columns or [])
    context = {"session": session, "section": section, "form": form, "active_tab": "template"}
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("sessions/section.html", **context), status
    template_editor.update_section(
        section,
        form.title.data,
        me(),
        hint=form.hint.data,
        example=form.example.data,
        column_titles=form.column_titles(),
    )
    flash(_("The section «%(title)s» is saved.", title=section.title), "success")
    return redirect(
        url_for("sessions.template_tab", session_id=session.id, _anchor=f"section-{section.id}")
    )


@bp.route("/<int:session_id>/template/<int:section_id>/delete", methods=["POST"])
@login_required
def delete_section(session_id: int, section_id: int):
    """Remove a section from the template."""
    session = moderated_session_or_404(session_id)
    section = _section_or_404(session, section_id)
    check_action()
    title = section.title
    template_editor.delete_section(section, me())
    flash(_("The section «%(title)s» is removed.", title=title), "success")
    return redirect(url_for("sessions.template_tab", session_id=session.id))


@bp.route("/<int:session_id>/template/<int:section_id>/move", methods=["POST"])
@login_required
def move_section(session_id: int, section_id: int):
    """Move a section one place up or down."""
    session = moderated_session_or_404(session_id)
    section = _section_or_404(session, section_id)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    template_editor.move_section(section, form.direction.data, me())
    return redirect(
        url_for("sessions.template_tab", session_id=session.id, _anchor=f"section-{section.id}")
    )


@bp.route("/<int:session_id>/template/save", methods=["POST"])
@login_required
def save_template(session_id: int):
    """Keep the session's template in the moderator's library for later sessions."""
    session = moderated_session_or_404(session_id)
    template_editor.ensure_template(session)
    library_form = LibraryTemplateForm()
    if not library_form.validate_on_submit():
        return _render_template_tab(session, library_form=library_form, status=422)
    saved = template_editor.save_as_library_template(session, library_form.name.data, me())
    flash(
        _(
            "The template «%(name)s» is saved; choose it when you create a session.",
            name=saved.name,
        ),
        "success",
    )
    return redirect(url_for("sessions.template_tab", session_id=session.id))
