"""A success story on one page, in German and in the community's language.

The facts come from :func:`passgenau.services.reports.success_story`, which refuses a
story without every person's written consent to it. The text is short, says what worked
(a few prepared candidates, direct contact, shifts that fit the family) and names the
people only because they agreed to it in writing. Languages beyond those below get the
German page with an English half (the language the officer can have checked).
"""

from __future__ import annotations

from typing import Any

from passgenau.services.reports import SuccessStory

TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Angekommen in Arbeit",
        "lead": "Seit {since} arbeiten {names} bei {employer}{where}.",
        "job": "{name}: {title}, {hours} Stunden pro Woche{shift}.",
        "how": "Das Jobcenter hat wenige, gut vorbereitete Bewerberinnen und Bewerber "
               "ausgewählt und direkt mit dem Betrieb zusammengebracht; das Kennenlernen "
               "fand vor Ort statt, die Arbeitszeiten passen zur Familie.",
        "invite": "Sie suchen Mitarbeitende? Sprechen Sie mit dem Arbeitgeber-Service "
                  "Ihres Jobcenters.",
        "consent": "Veröffentlicht mit schriftlicher Einwilligung der Beteiligten.",
        "shift": " ({shift})",
        "and": " und ",
    },
    "en": {
        "title": "Arrived in work",
        "lead": "Since {since}, {names} have been working at {employer}{where}.",
        "job": "{name}: {title}, {hours} hours a week{shift}.",
        "how": "The Jobcenter chose a few well-prepared candidates and brought them into "
               "direct contact with the company; they met on site, and the working hours "
               "fit the family.",
        "invite": "Looking for work? Talk to your placement officer at the Jobcenter.",
        "consent": "Published with the written consent of the people involved.",
        "shift": " ({shift})",
        "and": " and ",
    },
    "uk": {
        "title": "Знайшли роботу",
        "lead": "З {since} {names} працюють у {employer}{where}.",
        "job": "{name}: {title}, {hours} годин на тиждень{shift}.",
        "how": "Джобцентр відібрав кількох добре підготовлених кандидатів і напряму "
               "познайомив їх із підприємством; знайомство відбулося на місці, а робочий "
               "час підходить для родини.",
        "invite": "Шукаєте роботу? Зверніться до свого консультанта в Джобцентрі.",
        "consent": "Опубліковано з письмової згоди учасників.",
        "shift": " ({shift})",
        "and": " і ",
    },
    "ru": {
        "title": "Нашли работу",
        "lead": "С {since} {names} работают в {employer}{where}.",
        "job": "{name}: {title}, {hours} часов в неделю{shift}.",
        "how": "Джобцентр отобрал несколько хорошо подготовленных кандидатов и напрямую "
               "познакомил их с предприятием; встреча прошла на месте, а рабочее время "
               "подходит для семьи.",
        "invite": "Ищете работу? Обратитесь к своему консультанту в Джобцентре.",
        "consent": "Опубликовано с письменного согласия участников.",
        "shift": " ({shift})",
        "and": " и ",
    },
    "ar": {
        "title": "وصلوا إلى العمل",
        "lead": "منذ {since} يعمل {names} لدى {employer}{where}.",
        "job": "{name}: {title}، {hours} ساعة في الأسبوع{shift}.",
        "how": "اختار مركز العمل عددًا قليلًا من المرشحين المستعدين جيدًا وعرّفهم مباشرة "
               "على الشركة؛ تم التعارف في مكان العمل، وأوقات العمل تناسب العائلة.",
        "invite": "هل تبحث عن عمل؟ تحدث مع مستشارك في مركز العمل.",
        "consent": "نُشر بموافقة خطية من الأشخاص المعنيين.",
        "shift": " ({shift})",
        "and": " و",
    },
    "tr": {
        "title": "İşe başladılar",
        "lead": "{since} tarihinden beri {names} {employer} şirketinde{where} çalışıyor.",
        "job": "{name}: {title}, haftada {hours} saat{shift}.",
        "how": "Jobcenter, iyi hazırlanmış birkaç adayı seçti ve onları doğrudan şirketle "
               "tanıştırdı; tanışma yerinde oldu ve çalışma saatleri aileye uyuyor.",
        "invite": "İş mi arıyorsunuz? Jobcenter'daki danışmanınızla konuşun.",
        "consent": "İlgili kişilerin yazılı onayıyla yayımlanmıştır.",
        "shift": " ({shift})",
        "and": " ve ",
    },
}
RTL = frozenset({"ar", "fa"})


def story_language(language: str) -> str:
    """The second half's language: the community's if we have its text, else English."""
    return language if language in TEXTS and language != "de" else "en"


def _texts(story: SuccessStory, language: str) -> dict[str, Any]:
    t = TEXTS[language]
    names = t["and"].join(p.name or p.candidate_id for p in story.people)
    where = f" ({story.municipality})" if story.municipality else ""
    jobs = [
        t["job"].format(
            name=p.name or p.candidate_id, title=p.vacancy_title,
            hours=f"{p.hours:g}".replace(".", ","),
            shift=t["shift"].format(shift=p.shift) if p.shift else "")
        for p in story.people
    ]
    return {
        "lang": language, "rtl": language in RTL, "title": t["title"],
        "lead": t["lead"].format(since=f"{story.hired_on:%d.%m.%Y}", names=names,
                                 employer=story.employer_name, where=where),
        "jobs": jobs, "how": t["how"], "invite": t["invite"], "consent": t["consent"],
    }


def story_html(story: SuccessStory) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("passgenau.presentation", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    second = story_language(story.language)
    return env.get_template("story.html.j2").render(
        story=story, halves=[_texts(story, "de"), _texts(story, second)])
