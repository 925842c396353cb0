"""Survey pages: the participant's questionnaire, the moderator's editor and live results."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from facilitator.accounts.models import Moderator
from facilitator.joining.identity import current_participant
from facilitator.joining.pages import session_or_404
from facilitator.sessions.models import DesignSession
from facilitator.sessions.permissions import moderated_view, owned_or_404
from facilitator.sessions.views.common import delete_and_move
from facilitator.survey import editor, services
from facilitator.survey import results as survey_results
from facilitator.survey.forms import AnonymityForm, OpeningForm, QuestionForm, answers_form
from facilitator.survey.models import Survey, SurveyOpening, SurveyQuestion
from facilitator.text.numbers import format_average, format_percent
from facilitator.webforms import form_or_400, form_page

bp = Blueprint("survey", __name__)

#: A question's address in the editor; its edit, delete and move buttons add to it
QUESTION = "/sessions/<int:session_id>/survey/questions/<int:question_id>"


@bp.app_template_filter("survey_percent")
def survey_percent(value: Decimal | None) -> str:
    """A share in the page's locale («90,9 %»), or «no answers yet» when there is none."""
    if value is None:
        return _("no answers yet")
    return format_percent(value, str(get_locale() or "ru"))


@bp.app_template_filter("survey_number")
def survey_number(value: Decimal | None) -> str:
    """An average in the page's locale («4,55»)."""
    return "—" if value is None else format_average(value, str(get_locale() or "ru"))


def _me() -> Moderator:
    return current_user._get_current_object()


# --- the participant's page --------------------------------------------------------------------


@bp.route("/s/<code>/survey", methods=["GET", "POST"], endpoint="participant")
def questionnaire(code: str):
    """The satisfaction survey on a participant's phone; answers may change until it closes."""
    session = session_or_404(code)
    participant = current_participant(session)
    if participant is None:
        return redirect(url_for("join.register", code=session.join_code))
    survey = services.ensure_survey(session)
    response = services.response_of(survey, participant)
    if request.method == "GET":
        form = answers_form(survey.questions, services.form_values(response))
        return _questionnaire_page(session, survey, form, response)
    form = answers_form(survey.questions)
    if not survey.is_open:
        form.form_errors.append(services.closed_message(survey))
        return _questionnaire_page(session, survey, form, response, 409)
    if not form.validate_on_submit():
        return _questionnaire_page(session, survey, form, response, 422)
    try:
        services.submit(session, participant, form.raw_answers())
    except services.SurveyClosedError as error:
        form.form_errors.append(str(error))
        return _questionnaire_page(session, survey, form, response, 409)
    except services.InvalidAnswersError as error:
        form.show_problems(error.problems)
        if not error.problems:
            form.form_errors.append(str(error))
        return _questionnaire_page(session, survey, form, response, 422)
    except services.SurveyError:
        abort(403)
    flash(
        _("Thank you! Your answers are saved. You can change them until the survey closes.")
        if response is None
        else _("Your answers are updated."),
        "success",
    )
    return redirect(url_for("survey.participant", code=session.join_code))


def _questionnaire_page(session, survey, form, response, status: int = 200):
    return render_template(
        "survey/questionnaire.html",
        session=session,
        survey=survey,
        form=form,
        response=response,
    ), status


# --- the moderator's editor --------------------------------------------------------------------


def _question_or_404(session: DesignSession, question_id: int) -> SurveyQuestion:
    survey = services.ensure_survey(session)
    return owned_or_404(SurveyQuestion, question_id, survey_id=survey.id)


def _editor_page(
    session: DesignSession,
    survey: Survey,
    form: QuestionForm | None = None,
    status: int = 200,
):
    return render_template(
        "survey/editor.html",
        session=session,
        survey=survey,
        form=form or QuestionForm(formdata=None),
        anonymity_form=AnonymityForm(formdata=None, anonymous=survey.anonymous),
        answer_counts=editor.answer_counts(survey),
        answered=services.response_count(survey),
        total=services.participant_count(session),
        openings=SurveyOpening,
        active_tab="survey",
    ), status


def _to_editor(session: DesignSession, anchor: str | None = None):
    return redirect(url_for("survey.editor", session_id=session.id, _anchor=anchor))


def _to_question(session: DesignSession, question: SurveyQuestion | None):
    return _to_editor(session, f"question-{question.id}" if question is not None else None)


@bp.route("/sessions/<int:session_id>/survey", methods=["GET", "POST"], endpoint="editor")
@moderated_view
def editor_tab(session: DesignSession):
    """The survey's questions, its settings, and a form to add a question."""
    survey = services.ensure_survey(session)
    form = QuestionForm()
    if not form.is_submitted():
        return _editor_page(session, survey, form)
    if not form.validate():
        return _editor_page(session, survey, form, 422)
    question = editor.add_question(survey, form.spec(), _me())
    flash(_("The question «%(title)s» is added.", title=question.title), "success")
    return _to_question(session, question)


@bp.route(f"{QUESTION}/edit", methods=["GET", "POST"])
@moderated_view
def edit_question(session: DesignSession, question_id: int):
    """Change a question; with answers, only its wording and whether it is required."""
    question = _question_or_404(session, question_id)
    survey = question.survey
    answers = editor.answer_count(question)
    form = QuestionForm(obj=question)
    if not form.is_submitted():
        form.kind.data = question.kind.value
        form.scale_max.data = str(question.scale_max or 5)
        form.options.data = "\n".join(question.options or [])
    if answers:
        form.lock_shape(question)
    context = {
        "session": session,
        "survey": survey,
        "question": question,
        "answers": answers,
        "active_tab": "survey",
    }
    if not form.validate_on_submit():
        return form_page("survey/question.html", form, **context)
    try:
        editor.update_question(question, form.spec(), _me())
    except editor.EditorError as error:
        form.kind.errors = [*form.kind.errors, str(error)]
        return form_page("survey/question.html", form, **context)
    flash(_("The question «%(title)s» is saved.", title=question.title), "success")
    return _to_question(session, question)


@delete_and_move(
    bp, QUESTION, "question", find=_question_or_404, move=editor.order.move, back=_to_question
)
def _delete_question(question: SurveyQuestion, by: Moderator) -> str:
    # The page asks first: the question's answers go with it.
    title = question.title
    editor.delete_question(question, by)
    return _("The question «%(title)s» is removed.", title=title)


@bp.route("/sessions/<int:session_id>/survey/anonymity", methods=["POST"])
@moderated_view
def anonymity(session: DesignSession):
    """Make the survey anonymous or named."""
    survey = services.ensure_survey(session)
    form = form_or_400(AnonymityForm)
    try:
        editor.set_anonymous(survey, bool(form.anonymous.data), _me())
    except editor.EditorError as error:
        flash(str(error), "error")
    else:
        flash(
            _("The survey is anonymous.")
            if survey.anonymous
            else _("The survey shows who answered."),
            "success",
        )
    return _to_editor(session, "settings")


@bp.route("/sessions/<int:session_id>/survey/opening", methods=["POST"])
@moderated_view
def opening(session: DesignSession):
    """Open the survey now, close it, or leave it to the survey phase."""
    survey = services.ensure_survey(session)
    form = form_or_400(OpeningForm)
    editor.set_opening(survey, SurveyOpening(form.opening.data), _me())
    flash(
        _("The survey is open: participants can answer.")
        if survey.is_open
        else _("The survey is not accepting answers now."),
        "success",
    )
    return _to_editor(session, "state")


@bp.route("/sessions/<int:session_id>/survey/results")
@moderated_view
def results(session: DesignSession):
    """Live results: how many answered, shares, averages and the free-text answers."""
    survey = services.ensure_survey(session)
    return render_template(
        "survey/results.html",
        session=session,
        survey=survey,
        summary=survey_results.summary(session),
        version=services.response_count(survey),
        active_tab="survey",
    )


@bp.route("/sessions/<int:session_id>/survey/results/state")
@moderated_view
def results_state(session: DesignSession):
    """How many have answered, polled by the results page to offer fresh results."""
    survey = services.ensure_survey(session)
    count = services.response_count(survey)
    return {"version": str(count), "answered": count}
