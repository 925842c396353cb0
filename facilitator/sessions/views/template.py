"""The template tab: the sections of the interaction model the groups will write."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from facilitator.accounts.models import Moderator
from facilitator.sessions import template_editor
from facilitator.sessions.forms import LibraryTemplateForm, SectionForm
from facilitator.sessions.models import DesignSession, TemplateSection
from facilitator.sessions.permissions import moderated_view, owned_or_404
from facilitator.sessions.phases import SectionKind
from facilitator.sessions.views.common import bp, delete_and_move, me
from facilitator.webforms import form_page

#: A section's address; its edit, delete and move buttons add to it
SECTION = "/<int:session_id>/template/<int:section_id>"


def _section_or_404(session: DesignSession, section_id: int) -> TemplateSection:
    template = template_editor.ensure_template(session)
    return owned_or_404(TemplateSection, section_id, template_id=template.id)


def _to_template(session: DesignSession, section: TemplateSection | None = None):
    anchor = f"section-{section.id}" if section is not None else None
    return redirect(url_for("sessions.template_tab", session_id=session.id, _anchor=anchor))


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
@moderated_view
def template_tab(session: DesignSession):
    """The template's sections in order, with a form to add one."""
    template = template_editor.ensure_template(session)
    form = SectionForm()
    if not form.is_submitted():
        return _render_template_tab(session, form)
    if not form.validate():
        return _render_template_tab(session, form, status=422)
    kind = SectionKind(form.kind.data)
    section = template_editor.add_section(template, form.title.data, kind, me(), form.texts())
    flash(_("The section «%(title)s» is added.", title=section.title), "success")
    return _to_template(session, section)


@bp.route(f"{SECTION}/edit", methods=["GET", "POST"])
@moderated_view
def edit_section(session: DesignSession, section_id: int):
    """Rename a section or change its hint, example and columns."""
    section = _section_or_404(session, section_id)
    form = SectionForm(obj=section)
    # The kind is fixed once the section exists: the groups' documents are shaped by it.
    form.kind.data = section.kind.value
    if not form.is_submitted():
        form.columns.data = "\n".join(c["title"] for c in section.columns or [])
    if not form.validate_on_submit():
        context = {"session": session, "section": section, "active_tab": "template"}
        return form_page("sessions/section.html", form, **context)
    template_editor.update_section(section, form.title.data, me(), form.texts())
    flash(_("The section «%(title)s» is saved.", title=section.title), "success")
    return _to_template(session, section)


@delete_and_move(
    bp, SECTION, "section", find=_section_or_404, move=template_editor.order.move, back=_to_template
)
def _delete_section(section: TemplateSection, by: Moderator) -> str:
    title = section.title
    template_editor.order.delete(section, by)
    return _("The section «%(title)s» is removed.", title=title)


@bp.route("/<int:session_id>/template/save", methods=["POST"])
@moderated_view
def save_template(session: DesignSession):
    """Keep the session's template in the moderator's library for later sessions."""
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
    return _to_template(session)
