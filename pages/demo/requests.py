"""Demo sign-up requests in every state of the workflow, so that the reception office's queue
shows its colours (due soon, overdue) right after ``make run``.

Every applicant here is invented; their IINs are made up with a valid check digit. Each request
is registered by ``booking.domain.signup.submit`` (with its arrival in the past) and taken
through the workflow by the reception office's own functions (``booking.domain.actions`` and
``protocol``), never by writing a status, so its history, deadlines and letters are the real
ones. A request is found again by its applicant's IIN: running again adds nothing.
"""

import datetime
import zlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from booking.domain import actions, protocol, signup
from booking.domain.validators import check_digit
from booking.domain.workdays import WorkingCalendar
from booking.enums import (
    AssignmentKind,
    Channel,
    PriorityCategory,
    ReceptionMode,
    RefusalGround,
    RequestStatus,
)
from booking.models import Official, ReceptionDay, ReceptionRequest

S = RequestStatus

# The reception office's workers who act on the demo requests (no password: nobody logs in as
# them). The group is the one the staff roles migration creates.
RECEPTION_GROUP = "Қабылдау бөлмесі (Приёмная)"
STAFF = {
    "clerk": ("demo.saparova", "Айгерім", "Сапарова"),
    "controller": ("demo.zhaksylykov", "Нұрболат", "Жақсылықов"),
    "worker": ("demo.kim", "Елена", "Ким"),
}


TOLD = {
    "kk": "Қабылдау күні мен уақыты телефон арқылы хабарланды.",
    "ru": "Дата и время приёма сообщены по телефону.",
}


def make_iin(born, sex, serial):
    """An IIN of someone born on *born* (sex "m" or "f"): YYMMDD, the century and sex digit,
    a serial and the check digit."""
    century = {(19, "m"): 3, (19, "f"): 4, (20, "m"): 5, (20, "f"): 6}[(born.year // 100, sex)]
    while True:
        digits = f"{born:%y%m%d}{century}{serial:04d}"
        check = check_digit(digits)
        if check is not None:
            return digits + str(check)
        serial += 1


def make_bin(registered, serial):
    """A BIN of a partnership registered in the month *registered*: YYMM, 4 (a resident legal
    entity), 0 (head office), a serial and the check digit."""
    while True:
        digits = f"{registered:%y%m}40{serial:05d}"
        check = check_digit(digits)
        if check is not None:
            return digits + str(check)
        serial += 1


@dataclass
class Demo:
    """One demo request: who applies, about what, to whom, registered how many working days
    ago, and the state it is brought to."""

    state: str
    language: str
    name: tuple  # surname, given name, patronymic
    born: datetime.date
    sex: str
    topic: str
    official: str  # slug
    question: str
    days_ago: int = 0
    email: str = ""
    channel: str = Channel.PORTAL
    priority: str = ""
    mode: str = ReceptionMode.IN_PERSON
    day: str = ""  # which reception day the request asks for / is scheduled on (see _days)
    options: dict = field(default_factory=dict)


DEMOS = [
    Demo(
        S.REGISTERED,
        "kk",
        ("Әлімжанов", "Бақытжан", "Серікұлы"),
        datetime.date(1968, 4, 12),
        "m",
        "housing",
        "tuleuov-a",
        "Көп пәтерлі үйдің шатыры екі жылдан бері ағады, пәтер иелерінің кооперативі жөндеуге "
        "қаражат жоқ дейді. Күрделі жөндеу бағдарламасына қалай енуге болады?",
        email="b.alimzhanov@example.kz",
        day="later",
    ),
    Demo(
        S.UNDER_REVIEW,
        "ru",
        ("Ковалёв", "Сергей", "Николаевич"),
        datetime.date(1971, 9, 3),
        "m",
        "transport",
        "ibrayev-b",
        "На улице Абая после ремонта теплотрассы не восстановлено асфальтовое покрытие, "
        "во двор не может заехать скорая помощь.",
        days_ago=13,
        channel=Channel.EOTINISH,
    ),
    Demo(
        S.UNDER_REVIEW,
        "kk",
        ("Тоқтаров", "Ерболат", "Қайратұлы"),
        datetime.date(1959, 1, 27),
        "m",
        "social",
        "abenov-d",
        "Еңбек ардагері ретінде коммуналдық қызметтерге төленетін жәрдемақы үш айдан бері "
        "тағайындалмай тұр, құжаттарды екі рет тапсырдым.",
        days_ago=20,  # the answer is overdue
        priority=PriorityCategory.LABOUR_VETERAN,
        channel=Channel.PAPER,
    ),
    Demo(
        S.UNDER_REVIEW,
        "ru",
        ("Исмаилова", "Наиля", "Рашидовна"),
        datetime.date(1990, 6, 18),
        "f",
        "health",
        "muratova-d",
        "Поликлиника № 3 второй месяц не выдаёт направление на реабилитацию после операции, "
        "ссылаясь на отсутствие квот.",
        days_ago=12,
        email="n.ismailova@example.kz",
        priority=PriorityCategory.DISABILITY,
        day="later",
    ),
    Demo(
        S.UNDER_REVIEW,
        "kk",
        ("Шәріпова", "Ақмарал", "Нұрланқызы"),
        datetime.date(1997, 11, 5),
        "f",
        "education",
        "seitova-g",
        "Балабақшаға кезек үш жылдан бері жылжымайды, электрондық кезектегі нөміріміз өзгермейді.",
        days_ago=9,
        email="akmaral.sh@example.kz",
        options={"extend": "Мәселе білім бөлімінің кезек деректерін тексеруді қажет етеді."},
    ),
    Demo(
        S.CORRECTIONS,
        "ru",
        ("Петренко", "Ольга", "Викторовна"),
        datetime.date(1958, 2, 9),
        "f",
        "land",
        "zhumabekova-a",
        "Прошу разобраться с отказом в оформлении земельного участка под огород.",
        days_ago=4,
        email="o.petrenko@example.kz",
        options={
            "asked_days_ago": 2,
            "what": "Укажите номер и дату ответа акимата об отказе и адрес участка.",
        },
    ),
    Demo(
        S.HEARING,
        "kk",
        ("Бекетов", "Ғалым", "Жанұзақұлы"),
        datetime.date(1950, 8, 30),
        "m",
        "land",
        "ibrayev-b",
        "Саяжай учаскесінің шекарасы бойынша көршіммен дау, сот шешімімен келіспеймін.",
        days_ago=8,
        email="galym.beketov@example.kz",
        options={
            "ground": RefusalGround.COURT_ACT,
            "draft": "Осы мәселе бойынша Ақжар қалалық сотының 2025 жылғы 14 қазандағы "
            "шешімі заңды күшіне енген, сондықтан жеке қабылдауға жазудан бас тарту "
            "ұсынылады.",
            "proposed_days_ago": 1,
        },
    ),
    Demo(
        S.SCHEDULED,
        "kk",
        ("Нұрғалиева", "Гүлмира", "Асқарқызы"),
        datetime.date(1975, 3, 21),
        "f",
        "housing",
        "ospanov-n",
        "Жылу беру маусымы басталғалы пәтерде температура 14 градустан аспайды, жылу "
        "жеткізуші ұйым өлшеу жүргізуден бас тартады.",
        days_ago=9,
        email="g.nurgalieva@example.kz",
        day="a",
        options={"time": datetime.time(10, 0), "bodies": "облыс прокуратурасы"},
    ),
    Demo(
        S.SCHEDULED,
        "ru",
        ("Ефимова", "Людмила", "Петровна"),
        datetime.date(1949, 12, 2),
        "f",
        "housing",
        "ospanov-n",
        "В доме по улице Абая, 40 третий год не работает лифт, жильцы девяти этажей — пенсионеры.",
        days_ago=7,
        priority=PriorityCategory.LABOUR_VETERAN,
        day="a",
        options={"time": datetime.time(10, 20)},
    ),
    Demo(
        S.SCHEDULED,
        "kk",
        ("Сапарбекова", "Айжан", "Болатқызы"),
        datetime.date(1994, 7, 14),
        "f",
        "housing",
        "ospanov-n",
        "Жас отбасы ретінде жалдамалы тұрғын үй кезегіндегі орнымызды білгіміз келеді.",
        days_ago=6,
        email="aizhan.saparbekova@example.kz",
        priority=PriorityCategory.PREGNANT,
        day="a",
        options={"time": datetime.time(10, 40), "reference": True},
    ),
    Demo(
        S.SCHEDULED,
        "ru",
        ("Ли", "Виктор", "Александрович"),
        datetime.date(1966, 10, 8),
        "m",
        "business",
        "dauletov-m",
        "Налоговое уведомление по имущественному налогу выставлено за объект, который "
        "продан в 2023 году.",
        days_ago=7,
        email="v.li@example.kz",
        mode=ReceptionMode.VIDEO,
        day="video",
        options={"video": "https://vks.altyntau.example.kz/room/demo-4817"},
    ),
    Demo(
        S.RECEIVED,
        "ru",
        ("Каримов", "Рустам", "Маратович"),
        datetime.date(1977, 5, 16),
        "m",
        "health",
        "muratova-d",
        "Отцу отказали в бесплатных лекарствах по программе амбулаторного обеспечения.",
        days_ago=11,
        email="r.karimov@example.kz",
        day="held",
    ),
    Demo(
        S.NO_SHOW,
        "kk",
        ("Жұмағұлов", "Нұрсұлтан", "Ерланұлы"),
        datetime.date(2001, 2, 23),
        "m",
        "health",
        "muratova-d",
        "Емханаға тіркелу үшін өтініш берсем де, екі айдан бері жауап жоқ.",
        days_ago=10,
        day="held",
    ),
    Demo(
        S.ON_CONTROL,
        "kk",
        ("Қалиева", "Раушан", "Мұратқызы"),
        datetime.date(1982, 9, 9),
        "f",
        "housing",
        "tuleuov-a",
        "Көп пәтерлі үйдің жертөлесін әр көктемде су басады, кәріз арнасы бітеліп қалған, "
        "басқарушы компания шара қолданбайды.",
        days_ago=14,
        email="raushan.kaliyeva@example.kz",
        day="held",
        options={
            "assignment": "Жертөледегі кәріз арнасын тазалауды ұйымдастырып, арыз берушіге "
            "жауап беру.",
            "appeal": "Арыз берушінің басқарушы компания директорының әрекетіне шағымы.",
        },
    ),
    Demo(
        S.CLOSED,
        "ru",
        ("Сулейменов", "Тимур", "Ержанович"),
        datetime.date(1999, 4, 4),
        "m",
        "housing",
        "tuleuov-a",
        "В доме по улице Тауелсиздик, 15 с начала октября нет горячей воды, поставщик "
        "ссылается на ремонт сетей.",
        days_ago=15,
        email="t.suleimenov@example.kz",
        day="held",
        options={
            "decision": "Поставщику поручено восстановить горячее водоснабжение дома до "
            "конца текущей недели; ремонт сетей перенесён на летний период.",
            "satisfaction": (5, "Вопрос решён на приёме."),
        },
    ),
    Demo(
        S.CLOSED,
        "kk",
        ("Оразбаева", "Мейрамгүл", "Тілеуқызы"),
        datetime.date(1988, 1, 19),
        "f",
        "health",
        "muratova-d",
        "Ауылдық дәрігерлік амбулаторияда екі айдан бері дәрігер жоқ, науқастар аудан "
        "орталығына барады.",
        days_ago=16,
        email="meiramgul.o@example.kz",
        day="held",
        options={
            "assignment": "Ауылдық дәрігерлік амбулаторияға дәрігер бекіту.",
            "answer": "Амбулаторияға жалпы практика дәрігері тағайындалды; қабылдау "
            "дүйсенбі мен бейсенбі күндері 9:00-ден 13:00-ге дейін жүргізіледі.",
        },
    ),
    Demo(
        S.FORWARDED,
        "ru",
        ("Шевченко", "Андрей", "Павлович"),
        datetime.date(1980, 8, 12),
        "m",
        "law",
        "serikbayev-e",
        "Прошу проверить законность действий судебного исполнителя при аресте автомобиля.",
        days_ago=2,
        email="a.shevchenko@example.kz",
        options={"body": "Департамент юстиции Алтынтауской области"},
    ),
    Demo(
        S.REFUSED,
        "kk",
        ("Ысқақов", "Дархан", "Әділұлы"),
        datetime.date(1979, 3, 3),
        "m",
        "land",
        "zhumabekova-a",
        "Жер учаскесін беруден бас тарту туралы әкімдік шешімімен келіспеймін.",
        days_ago=11,
        email="darkhan.yskakov@example.kz",
        options={
            "ground": RefusalGround.DECISION_EXISTS,
            "draft": "Осы мәселе бойынша облыс әкімдігінің 2025 жылғы 3 қыркүйектегі "
            "шешімі бар; жаңа дәлелдер келтірілмеген.",
            "reasons": "Тыңдау кезінде қарсылық пен жаңа дәлелдер берілмеді. Облыс "
            "әкімдігінің шешімі күшінде.",
            "proposed_days_ago": 6,
        },
    ),
    Demo(
        S.NOT_CONSIDERED,
        "ru",
        ("Нургалиев", "Арман", "Кайратович"),
        datetime.date(1992, 10, 27),
        "m",
        "other",
        "kassymova-s",
        "",  # R07: registered by staff without the essence of the question
        days_ago=3,
        channel=Channel.PHONE,
        options={
            "reasons": "При звонке заявитель не изложил суть вопроса и отказался её "
            "назвать; заявителю разъяснено право обратиться повторно."
        },
    ),
    Demo(
        S.RETURNED,
        "kk",
        ("Әбдіраманова", "Зәуре", "Сейітқызы"),
        datetime.date(1963, 6, 6),
        "f",
        "social",
        "seitova-g",
        "Зейнетақыма қосымша төлем туралы.",
        days_ago=15,
        email="zaure.abdiramanova@example.kz",
        options={
            "asked_days_ago": 13,
            "what": "Өтініште қандай төлем туралы сөз болатынын және оны қай орган "
            "тағайындамағанын көрсетіңіз.",
        },
    ),
    Demo(
        S.WITHDRAWN,
        "ru",
        ("Жукова", "Анастасия", "Игоревна"),
        datetime.date(2003, 11, 30),
        "f",
        "education",
        "seitova-g",
        "Не выдают справку об обучении для получения стипендии.",
        days_ago=5,
        email="a.zhukova@example.kz",
    ),
    Demo(
        S.REGISTERED,
        "ru",
        ("Мухамеджанов", "Азамат", "Толегенович"),
        datetime.date(1985, 12, 11),
        "m",
        "business",
        "dauletov-m",
        "ТОО «Алтын Дән» трижды получало уведомления о камеральном контроле по одному и "
        "тому же периоду.",
        days_ago=1,
        email="info@altyn-dan.example.kz",
        options={"representative": "ТОО «Алтын Дән»"},
    ),
]


def _staff():
    """The demo workers of the reception office, made once."""
    group = Group.objects.filter(name=RECEPTION_GROUP).first()
    users = {}
    for role, (username, first_name, last_name) in STAFF.items():
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            if group is not None:
                user.groups.add(group)
        users[role] = user
    return users


def _days():
    """The reception days that still take applicants, by official, and two the demo fills:
    ``a`` (Оспанов's next day, several applicants) and ``video`` (the next day held by video
    conference). A request marked ``held`` goes to its official's next day, ``later`` to one
    some weeks on."""
    days = [
        day
        for day in ReceptionDay.objects.active()
        .upcoming()
        .select_related("official")
        .order_by("date", "start_time")
        if day.ends_at > timezone.now()
    ]
    by_slug = {}
    for day in days:
        by_slug.setdefault(day.official.slug, []).append(day)
    video = [day for day in days if day.mode != ReceptionMode.IN_PERSON]
    several = by_slug.get("ospanov-n") or days
    return {
        "by_slug": by_slug,
        "a": several[0] if several else None,
        "video": video[0] if video else None,
    }


def _day_for(demo, days):
    official_days = days["by_slug"].get(demo.official) or []
    if demo.day == "a":
        return days["a"]
    if demo.day == "video":
        return days["video"]
    if demo.day == "held":
        return official_days[0] if official_days else None
    if demo.day == "later":
        return official_days[min(3, len(official_days) - 1)] if official_days else None
    return None


def _arrived(days_ago, today, calendar):
    """When a request registered *days_ago* working days before *today* arrived: 10:30."""
    if not days_ago:
        return timezone.now()
    day = calendar.add_working_days(today, -days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


def _register(demo, serial, day, staff, today, calendar):
    surname, given_name, patronymic = demo.name
    mode = demo.mode if day is None or day.mode != ReceptionMode.IN_PERSON else "in_person"
    representative = demo.options.get("representative")
    data = {
        "applicant_kind": "representative" if representative else "individual",
        "surname": surname,
        "given_name": given_name,
        "patronymic": patronymic,
        "iin": make_iin(demo.born, demo.sex, serial),
        "phone": f"+7701555{serial:04d}",
        "email": demo.email,
        "official": Official.objects.filter(slug=demo.official, locale__language_code="kk").first()
        if day is None
        else day.official,
        "preferred_day": day,
        "question": demo.question,
        "topic": demo.topic,
        "language": demo.language,
        "mode": mode,
        "video_consent": mode == ReceptionMode.VIDEO,
        "priority": demo.priority,
    }
    if representative:
        data.update(bin=make_bin(datetime.date(2012, 5, 1), serial), legal_entity=representative)
    staff_channel = demo.channel != Channel.PORTAL
    return signup.submit(
        data,
        channel=demo.channel,
        actor=staff["clerk"] if staff_channel else None,
        now=_arrived(demo.days_ago, today, calendar),
    ).reception_request


def _schedule(request, demo, day, staff, slots, today):
    times = slots.setdefault(day.pk, [])
    slot = demo.options.get("time")
    if slot is None or slot in times or not day.start_time <= slot < day.end_time:
        start = datetime.datetime.combine(day.date, day.start_time)
        slot = next(
            moment.time()
            for moment in (start + datetime.timedelta(minutes=20 * n) for n in range(24))
            if moment.time() not in times
        )
    times.append(slot)
    video = request.mode == ReceptionMode.VIDEO
    return actions.schedule(
        request,
        day=day,
        slot_time=slot,
        mode=ReceptionMode.VIDEO if video else ReceptionMode.IN_PERSON,
        video_link=demo.options.get("video", "") if video else "",
        invited_bodies=demo.options.get("bodies", ""),
        actor=staff["clerk"],
        today=today,
    )


def _protocol(request, demo, staff, day):
    options = demo.options
    if "decision" in options:
        return protocol.record_protocol(
            request, decision=options["decision"], actor=staff["controller"], today=day.date
        )
    entries = [
        protocol.Entry(
            kind=AssignmentKind.ASSIGNMENT,
            text=options["assignment"],
            responsible=staff["worker"],
            due=day.date + datetime.timedelta(days=14),
        )
    ]
    if "appeal" in options:
        # R25, R26: an appeal filed at the reception, never given to its former handler.
        entries.append(
            protocol.Entry(
                kind=AssignmentKind.APPEAL,
                text=options["appeal"],
                responsible=staff["controller"],
                due=day.date + datetime.timedelta(days=21),
                handled_before=[staff["worker"]],
            )
        )
    return protocol.record_protocol(
        request, entries=entries, actor=staff["controller"], today=day.date
    )


def _bring(request, demo, day, staff, slots, today, calendar):
    """Take a registered request to *demo.state* through the reception office's actions."""
    state, options, clerk = demo.state, demo.options, staff["clerk"]
    if state == S.REGISTERED:
        return request
    if state == S.WITHDRAWN:
        return signup.withdraw(request)
    if state == S.NOT_CONSIDERED:
        return actions.leave_without_consideration(request, reasons=options["reasons"], actor=clerk)
    if state == S.FORWARDED:
        return actions.forward(request, body=options["body"], actor=clerk)
    if state in (S.CORRECTIONS, S.RETURNED):
        asked_on = calendar.add_working_days(today, -options["asked_days_ago"])
        request = actions.ask_corrections(
            request, what=options["what"], actor=clerk, today=asked_on
        )
        if state == S.RETURNED:
            request = actions.return_uncorrected(request, today=today)
        return request
    request = actions.review(request, actor=clerk)
    if "extend" in options:
        request = actions.extend(
            request,
            until=request.registered_on + datetime.timedelta(days=30),
            reasons=options["extend"],
            actor=clerk,
            today=today,
        )
    if state == S.UNDER_REVIEW:
        return request
    if state in (S.HEARING, S.REFUSED):
        proposed_on = calendar.add_working_days(today, -options["proposed_days_ago"])
        request = actions.propose_refusal(
            request,
            ground=options["ground"],
            draft=options["draft"],
            actor=clerk,
            today=proposed_on,
        )
        if state == S.REFUSED:
            request = actions.refuse(request, reasons=options["reasons"], actor=clerk, today=today)
        return request
    if day is None:
        return request  # no reception day to schedule on: it stays under review
    if options.get("reference"):
        request = actions.prepare_reference(
            request,
            reference="Үй 1978 жылы салынған; жалдамалы тұрғын үй кезегіндегі нөмірі 312. "
            "Ұсыныс: қабылдауға жазу.",
            actor=clerk,
            today=today,
        )
    request = _schedule(request, demo, day, staff, slots, today)
    if state == S.SCHEDULED:
        return request
    if request.notice_due:
        # No e-mail: the office told the applicant the date by phone (R13).
        request = actions.told(request, how=TOLD[request.language], actor=clerk)
    if state == S.NO_SHOW:
        return actions.no_show(request, actor=clerk, today=day.date)
    # Marked on the reception's own date (``today=``): the domain schedules only onto a day
    # still ahead, so the demo's "held" receptions are their officials' next ones.
    request = actions.attended(request, actor=clerk, today=day.date)
    if state == S.RECEIVED:
        return request
    request = _protocol(request, demo, staff, day)
    if state == S.CLOSED and "answer" in options:
        for assignment in request.assignments.all():
            protocol.close_assignment(
                assignment, answer=options["answer"], actor=staff["worker"], today=day.date
            )
        request = protocol.close(request, answer=options["answer"], actor=staff["controller"])
    if "satisfaction" in options:
        score, comment = options["satisfaction"]
        request = actions.record_satisfaction(request, score=score, comment=comment, actor=clerk)
    return request


def build_requests(today=None):
    """The demo requests that are missing, each taken to its state. Returns how many were
    added."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar.from_db()
    # A serial fixed by the applicant's name: their IIN stays the same from run to run.
    serials = {demo.name: 1000 + zlib.crc32(" ".join(demo.name).encode()) % 8000 for demo in DEMOS}
    wanted = {make_iin(demo.born, demo.sex, serials[demo.name]): demo for demo in DEMOS}
    existing = set(ReceptionRequest.objects.filter(iin__in=wanted).values_list("iin", flat=True))
    # Oldest first: registration numbers follow the order of arrival.
    missing = sorted(
        ((iin, demo) for iin, demo in wanted.items() if iin not in existing),
        key=lambda item: -item[1].days_ago,
    )
    if not missing:
        return 0
    staff, days, slots = _staff(), _days(), {}
    for _iin, demo in missing:
        day = _day_for(demo, days)
        request = _register(demo, serials[demo.name], day, staff, today, calendar)
        _bring(request, demo, day, staff, slots, today, calendar)
    return len(missing)
