"""Русская формулировка пост-релиза: как пишут методисты (по образцам пост-релизов)."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.materials.facts import ModelLine, PostReleaseFacts, Talk
from facilitator.materials.records import CHOICE, SCALE, YES_NO
from facilitator.materials.survey import QuestionSummary
from facilitator.materials.wording import ru_words as words
from facilitator.materials.wording import skeleton
from facilitator.materials.wording.skeleton import ChartWords, TopAnswer, speaker
from facilitator.text.dates import date_in_words, time_of_day
from facilitator.text.declension import already_genitive, gender, genitive, instrumental
from facilitator.text.geography import describe_places_ru
from facilitator.text.numbers import NBSP, counted, format_average, percent, plural_form
from facilitator.text.typography import capitalise, decapitalise, join_words, quoted

GENERIC_OPENING_TITLES = ("открытие", "приветствие", "приветственное слово", "opening")

#: The survey sentence's phrase for a closed question's top answer
REPORTED = TopAnswer(
    scale="поставили высший балл ({scale_max}) по вопросу {quoted}",
    yes_no="ответили «да» на вопрос {quoted}",
    choice="выбрали ответ {top} на вопрос {quoted}",
)
#: The paragraphs in print order, as in every language
PARAGRAPH_KEYS = skeleton.PARAGRAPH_KEYS


def _kind(facts: PostReleaseFacts) -> tuple[str, str, str]:
    return words.KIND.get(facts.session.kind, words.KIND["design_session"])


def _past(gender_code: str | None, masculine: str, feminine: str) -> str:
    return feminine if gender_code == "f" else masculine


def heading(facts: PostReleaseFacts) -> str:
    """«Пост-релиз / дизайн-сессии / «…»»."""
    return f"Пост-релиз\n{_kind(facts)[1]}\n{quoted(facts.session.title)}"


def _framing(framing: str) -> str:
    """«в рамках XIII Петербургского международного образовательного форума»."""
    framing = framing.strip().rstrip(".")
    if framing.lower().startswith("в рамках "):
        return framing
    if already_genitive(framing):
        return f"в рамках {framing}"
    declined = genitive(framing)
    return f"в рамках {declined}" if declined else f"в рамках программы {quoted(framing)}"


def opening(facts: PostReleaseFacts) -> str:
    """When, where and within what the event took place."""
    s = facts.session
    nominative, _, kind_gender = _kind(facts)
    parts = [f"{date_in_words(s.date)} в{NBSP}{time_of_day(s.starts_at)}"]
    host = genitive(s.host_organisation) if s.host_organisation.strip() else None
    venue = s.venue_beyond_host
    if host:
        parts.append(f"на базе {host}" + (f" ({venue})" if venue else ""))
    elif venue:
        parts.append(f"по адресу: {venue},")
    if s.framing_event.strip():
        parts.append(_framing(s.framing_event))
    verb = "состоялся" if kind_gender == "m" else "состоялась"
    return " ".join(parts) + f" {verb} {nominative} {quoted(s.title)}."


def organisers(facts: PostReleaseFacts) -> str:
    """The host, if the opening could not name it, and the co-organisers."""
    s = facts.session
    nominative, genitive_kind, kind_gender = _kind(facts)
    sentences = []
    if s.host_organisation.strip() and not genitive(s.host_organisation):
        sentences.append(f"Организатор {genitive_kind}{NBSP}— {s.host_organisation.strip()}.")
    co = [c.strip() for c in s.co_organisers if c.strip()]
    if co:
        declined = [instrumental(c) for c in co]
        if all(declined):
            verb = "проводился" if kind_gender == "m" else "проводилась"
            sentences.append(f"{capitalise(nominative)} {verb} совместно с {join_words(declined)}.")
        else:
            sentences.append(f"Соорганизаторы {genitive_kind}: {join_words(co)}.")
    return " ".join(sentences)


def took_part(facts: PostReleaseFacts) -> str:
    """«В работе дизайн-сессии приняли участие 23 человека»: the start of every headcount."""
    return (
        f"В работе {_kind(facts)[1]} {plural_form(facts.people, words.TOOK_PART)} "
        f"{counted(facts.people, words.PEOPLE)}"
    )


def participants(facts: PostReleaseFacts) -> str:
    """How many took part and from where."""
    if facts.people == 0:
        return ""
    orgs = facts.organisations
    text = took_part(facts)
    if orgs.total and orgs.educational == orgs.total:
        text += f" из {counted(orgs.total, words.EDUCATIONAL_FROM, 'gent')}"
    elif orgs.total:
        text += f" из {counted(orgs.total, words.ORGANISATIONS_FROM, 'gent')}"
        if orgs.educational:
            text += f" (в том числе {counted(orgs.educational, words.EDUCATIONAL_AMONG, 'gent')})"
    places = describe_places_ru(facts.places, facts.districts_city)
    if places:
        text += f" {places}"
    return text + "."


def officials(facts: PostReleaseFacts) -> str:
    """Officials and guests present, as the organiser listed them."""
    present = [line.rstrip(" .;") for line in facts.session.officials if line.strip(" .;")]
    if not present:
        return ""
    at = words.KIND_AT.get(facts.session.kind, words.KIND_AT["design_session"])
    if len(present) > 1:
        return f"На{NBSP}{at} присутствовали: " + "; ".join(present) + "."
    # One person is no list to introduce: no colon between the verb and its subject.
    verb = "присутствовала" if gender(present[0].split(",")[0]) == "f" else "присутствовал"
    return f"На{NBSP}{at} {verb} {present[0]}."


def theme(facts: PostReleaseFacts) -> str:
    """The theme and purpose."""
    subject = " ".join(facts.session.theme.split()).rstrip(".")
    if not subject:
        return ""
    return f"Тема {_kind(facts)[1]}{NBSP}— {decapitalise(subject)}."


def _talk_sentence(talk: Talk, lead: str) -> str:
    topic = quoted(talk.topic) if talk.topic else ""
    if not talk.speaker:
        return ""
    sex = gender(talk.speaker)
    if sex is None:
        return f"{lead}доклад {topic} представил(а) {speaker(talk)}." if topic else ""
    verb = _past(sex, "выступил", "выступила")
    if topic:
        return f"{lead}с{NBSP}докладом {topic} {verb} {speaker(talk)}."
    return f"{lead}{verb} {speaker(talk)}."


def talks(facts: PostReleaseFacts) -> str:
    """Who opened the event and who spoke on what."""
    sentences = []
    for talk in (t for t in facts.talks if t.opening and t.speaker):
        verb = _past(gender(talk.speaker), "открыл", "открыла")
        sentence = f"Мероприятие {verb} {speaker(talk)}"
        if talk.topic and talk.topic.lower() not in GENERIC_OPENING_TITLES:
            sentence += f" (выступление {quoted(talk.topic)})"
        sentences.append(sentence + ".")
    given = [t for t in facts.talks if not t.opening and t.speaker]
    if len(given) >= 3:
        items = [speaker(t) + (f" ({quoted(t.topic)})" if t.topic else "") for t in given]
        sentences.append("С докладами выступили: " + "; ".join(items) + ".")
    else:
        leads = ["", "Далее "]
        for index, talk in enumerate(given):
            sentence = _talk_sentence(talk, leads[index])
            if sentence:
                sentences.append(capitalise(sentence))
    return " ".join(sentences)


def models_intro(facts: PostReleaseFacts) -> str:
    """What the creative groups did."""
    if not facts.models:
        return ""
    groups = facts.groups_total
    return (
        f"Участники {_kind(facts)[1]} в{NBSP}{counted(groups, words.GROUPS_IN, 'loct')} детально "
        f"проработали {counted(len(facts.models), words.MODELS, 'accs')} "
        "для дальнейшего использования в собственной образовательной практике:"
    )


def _model(model: ModelLine) -> str:
    line = quoted(model.title)
    if model.summary:
        line += f"{NBSP}— {decapitalise(model.summary.rstrip('.;'))}"
    return line


def models(facts: PostReleaseFacts) -> str:
    """One line per model: its title and the group's one-line result."""
    return skeleton.listed(facts.models, _model)


def _groups(facts: PostReleaseFacts, one: str, several: str) -> str:
    """«творческой группой» for a session of one group, «творческими группами» otherwise."""
    return one if facts.groups_total == 1 else several


def flow(facts: PostReleaseFacts) -> str:
    """Group work, presentations and the open microphone."""
    after = "После работы в " + _groups(facts, "творческой группе", "творческих группах")
    if facts.has_presentations and facts.has_open_mic:
        text = (
            f"{after} участники публично представили результаты "
            "и обменялись мнениями в формате «открытого микрофона»."
        )
    elif facts.has_presentations:
        text = f"{after} участники публично представили результаты."
    elif facts.has_open_mic:
        text = f"{after} участники обменялись мнениями в формате «открытого микрофона»."
    else:
        text = ""
    if facts.speakers:
        text += (
            f" В ходе «открытого микрофона» {plural_form(facts.speakers, words.SPOKE)} "
            f"{counted(facts.speakers, words.PARTICIPANTS)}."
        )
    if facts.comments:
        text += (
            f" К моделям участники оставили {counted(facts.comments, words.WRITTEN_COMMENTS)}: "
            "вопросы, предложения и отзывы."
        )
    return text.strip()


def _titles(models: Sequence[ModelLine]) -> str:
    return join_words([quoted(m.title) for m in models])


def _dot_voting(facts: PostReleaseFacts) -> str:
    leaders = facts.leaders
    best = leaders[0].votes
    if len(leaders) == 1:
        text = (
            "По итогам голосования наибольшую поддержку участников получила модель "
            f"{quoted(leaders[0].title)} ({counted(best, words.VOTES)})."
        )
    else:
        text = (
            f"По итогам голосования первое место разделили модели {_titles(leaders)} "
            f"(по{NBSP}{counted(best, words.VOTES)})."
        )
    text += skeleton.below_first(
        facts.ranking,
        "Также голоса получили",
        lambda m: f"{quoted(m.title)}{NBSP}— {counted(m.votes, words.VOTES)}",
        ", ",
    )
    total = f"Всего участники отдали {counted(facts.votes_total, words.VOTES)}"
    if facts.voters:
        total += f"; в голосовании {plural_form(facts.voters, words.TOOK_PART)} " + counted(
            facts.voters, words.PEOPLE
        )
    return f"{text} {total}."


def _rating_voting(facts: PostReleaseFacts) -> str:
    leaders = facts.leaders
    best = format_average(leaders[0].average or 0)
    scale = f"от{NBSP}1 до{NBSP}{facts.scale_max}"
    criteria = [quoted(c) for c in facts.criteria]
    how = f"модели оценивались {scale}"
    if criteria:
        how += f" по {plural_form(len(criteria), words.CRITERIA)} {join_words(criteria)}"
    if len(leaders) == 1:
        text = (
            f"По итогам рейтингового голосования ({how}) наивысший средний балл получила "
            f"модель {quoted(leaders[0].title)}{NBSP}— {best}."
        )
    else:
        text = (
            f"По итогам рейтингового голосования ({how}) первое место разделили модели "
            f"{_titles(leaders)} со средним баллом {best}."
        )
    text += skeleton.below_first(
        facts.ranking,
        "Средние баллы других моделей",
        lambda m: f"{quoted(m.title)}{NBSP}— {format_average(m.average or 0)}",
        ", ",
    )
    if facts.voters:
        text += (
            f" В голосовании {plural_form(facts.voters, words.TOOK_PART)} "
            f"{counted(facts.voters, words.PEOPLE)}."
        )
    return text


def voting(facts: PostReleaseFacts) -> str:
    """The voting results, ties as a shared first place, or a clear line that nobody voted."""
    if not facts.ranking:
        return ""
    return _rating_voting(facts) if facts.rating else _dot_voting(facts)


def _who(summary: QuestionSummary, first: bool, more: bool) -> str:
    """Who gave the top answer, worded so that no sentence starts with digits:
    «Все опрошенные», «Среди опрошенных 83,3 %», «Кроме того, 66,7 % опрошенных»; «все» or
    «83,3 %» further on in the sentence."""
    everyone = summary.top == summary.answered
    share = percent(summary.top, summary.answered)
    if not first:
        return "все" if everyone else share
    if more:
        return "Кроме того, все опрошенные" if everyone else f"Кроме того, {share} опрошенных"
    return "Все опрошенные" if everyone else f"Среди опрошенных {share}"


def survey(facts: PostReleaseFacts) -> str:
    """The satisfaction survey as sentences with percentages."""
    if not facts.survey_respondents:
        return ""
    count = facts.survey_respondents
    text = f"В анкетировании по итогам {_kind(facts)[1]} {plural_form(count, words.TOOK_PART)} "
    text += counted(count, words.PEOPLE) + "."
    closed = sorted(
        (
            q
            for q in facts.survey
            # A share of nobody is left to the chart: «0 % отметили …» is not news.
            if q.is_closed and q.answered and q.top and q.question.kind in (SCALE, YES_NO, CHOICE)
        ),
        key=lambda q: -(q.top / q.answered),
    )
    for start in range(0, len(closed), 3):
        chunk = closed[start : start + 3]
        pieces = [
            f"{_who(q, first=index == 0, more=start > 0)} {REPORTED.reported(q, quoted)}"
            for index, q in enumerate(chunk)
        ]
        sentence = pieces[0]
        if len(pieces) > 1:
            sentence = ", ".join(pieces[:-1]) + f", а{NBSP}" + pieces[-1]
        text += f" {sentence}."
    open_answers = sum(q.answered for q in facts.survey if not q.is_closed)
    if open_answers:
        # Said outright: the post goes out alone, without the results table to point to.
        answers = counted(open_answers, words.DETAILED_ANSWERS, "accs")
        text += f" На{NBSP}открытые вопросы анкеты участники дали {answers}."
    return text


def result(facts: PostReleaseFacts) -> str:
    """The main result."""
    count = len(facts.models)
    kind = _kind(facts)[1]
    if count == 0:
        return ""
    if count == 1:
        return (
            f"Главным результатом {kind} стала модель взаимодействия "
            f"{quoted(facts.models[0].title)}, проработанная участниками "
            "для использования в собственной образовательной практике."
        )
    verb = "стала" if plural_form(count, ("1", "2", "5")) == "1" else "стали"
    return (
        f"Главным результатом {kind} {verb} {counted(count, words.MODELS)}, "
        f"{plural_form(count, words.WORKED_OUT)} творческими группами: готовые решения, "
        "которые участники смогут использовать в собственной образовательной практике."
    )


def next_steps(facts: PostReleaseFacts) -> str:
    """What happens next: the materials go to every participant."""
    if not facts.models:
        return ""
    return (
        "После обработки модераторами полученных материалов всем участникам "
        f"{_kind(facts)[1]} будут отправлены наработанные "
        f"{_groups(facts, 'творческой группой', 'творческими группами')} материалы."
    )


def publication(facts: PostReleaseFacts) -> str:
    """A link to the post already published («Пост-релиз ВКонтакте: …»)."""
    url = facts.session.post_url.strip()
    if not url:
        return ""
    where = "ВКонтакте" if "vk.com" in url or "vk.ru" in url else "на сайте"
    return f"Пост-релиз {where}: {url}"


def contact(facts: PostReleaseFacts) -> str:
    """The contact person and phone."""
    name, phone = facts.session.contact_name.strip(), facts.session.contact_phone.strip()
    if name and phone:
        return f"Контактное лицо: {name}, тел. {phone}."
    if name:
        return f"Контактное лицо: {name}."
    return f"Телефон для справок: {phone}." if phone else ""


CHART = ChartWords(
    title_pattern="Результаты анкетирования: доля высших оценок и самых частых ответов, "
    "% ответивших (анкет: {respondents})",
    labels=TopAnswer(
        scale="{text} — оценка {scale_max}", yes_no="{text} — «да»", choice="{text} — {top}"
    ),
    caption_pattern="Рисунок 1. Результаты анкетирования участников {kind}",
    quote=quoted,
    kind=lambda facts: _kind(facts)[1],
)
