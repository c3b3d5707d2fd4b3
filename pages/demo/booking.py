"""Demo schedule of the fictional Altyntau region: organisations, venues, officials, rules.

Every person here is invented. Rows are keyed by fixed translation keys, so running again finds
what exists instead of duplicating it.
"""

import datetime
import uuid

from django.utils import timezone
from wagtail.models import Locale

from booking.domain import days, rules
from booking.domain.workdays import WorkingCalendar
from booking.enums import ChangeReason, DayStatus, Frequency, ReceptionMode
from booking.models import Official, Organisation, ReceptionDay, ScheduleRule, Venue

NAMESPACE = uuid.UUID("6f1c1d1e-4d55-4f0b-9a53-5c1a0e7b2a10")


def key(name):
    return uuid.uuid5(NAMESPACE, name)


ORGANISATIONS = {
    "apparatus": {
        "kind": "apparatus",
        "phone": "+7 7000 12 30 00",
        "email": "apparat@altyntau.example.kz",
        "website": "https://altyntau.example.kz",
        "sort_order": 10,
        "kk": ("Алтынтау облысы әкімінің аппараты", "Облыс әкімінің аппараты"),
        "ru": ("Аппарат акима Алтынтауской области", "Аппарат акима области"),
        "address": ("Ақжар қ., Бейбітшілік даңғылы, 10", "г. Акжар, проспект Бейбитшилик, 10"),
    },
    "housing": {
        "kind": "department",
        "phone": "+7 7000 12 40 00",
        "email": "tkh@altyntau.example.kz",
        "website": "",
        "sort_order": 20,
        "kk": (
            "Алтынтау облысының энергетика және тұрғын үй-коммуналдық шаруашылық басқармасы",
            "Энергетика және ТКШ басқармасы",
        ),
        "ru": (
            "Управление энергетики и жилищно-коммунального хозяйства Алтынтауской области",
            "Управление энергетики и ЖКХ",
        ),
        "address": ("Ақжар қ., Абай көшесі, 25", "г. Акжар, улица Абая, 25"),
    },
    "health": {
        "kind": "department",
        "phone": "+7 7000 12 50 00",
        "email": "densaulyk@altyntau.example.kz",
        "website": "",
        "sort_order": 30,
        "kk": ("Алтынтау облысының денсаулық сақтау басқармасы", "Денсаулық сақтау басқармасы"),
        "ru": ("Управление здравоохранения Алтынтауской области", "Управление здравоохранения"),
        "address": ("Ақжар қ., Шоқан Уәлиханов көшесі, 7", "г. Акжар, улица Шокана Валиханова, 7"),
    },
    "city": {
        "kind": "local_akimat",
        "phone": "+7 7000 22 10 00",
        "email": "akzhar@altyntau.example.kz",
        "website": "",
        "sort_order": 40,
        "kk": ("Ақжар қаласының әкімдігі", "Ақжар қаласының әкімдігі"),
        "ru": ("Акимат города Акжар", "Акимат города Акжар"),
        "address": ("Ақжар қ., Тәуелсіздік көшесі, 3", "г. Акжар, улица Тауелсиздик, 3"),
    },
    "revenue": {
        "kind": "territorial",
        "phone": "+7 7000 33 00 00",
        "email": "kgd@altyntau.example.kz",
        "website": "",
        "sort_order": 50,
        "kk": (
            "Алтынтау облысы бойынша Мемлекеттік кірістер департаменті",
            "Мемлекеттік кірістер департаменті",
        ),
        "ru": (
            "Департамент государственных доходов по Алтынтауской области",
            "Департамент госдоходов",
        ),
        "address": ("Ақжар қ., Бейбітшілік даңғылы, 12", "г. Акжар, проспект Бейбитшилик, 12"),
    },
}

VENUES = {
    "office": {
        "kind": "reception_office",
        "organisations": ["apparatus", "housing", "health"],
        "kk": {
            "name": "Облыс әкімдігінің қоғамдық қабылдау бөлмесі",
            "address": "Ақжар қ., Бейбітшілік даңғылы, 10",
            "room": "101-кабинет",
            "directions": "3, 17, 42 автобустары, «Әкімдік» аялдамасы. Орталық кіреберіс.",
            "accessibility": "Пандус және лифт бар; бірінші қабатта кезек күту залы.",
        },
        "ru": {
            "name": "Общественная приёмная акимата области",
            "address": "г. Акжар, проспект Бейбитшилик, 10",
            "room": "кабинет 101",
            "directions": "Автобусы № 3, 17, 42, остановка «Акимат». Центральный вход.",
            "accessibility": "Есть пандус и лифт; зал ожидания на первом этаже.",
        },
    },
    "centre": {
        "kind": "citizen_centre",
        "organisations": ["apparatus", "housing", "health", "city", "revenue"],
        "kk": {
            "name": "Азаматтарды қабылдау орталығы",
            "address": "Ақжар қ., Бейбітшілік даңғылы, 12",
            "room": "1-қабат",
            "directions": "Әкімдік ғимаратының қасында, 42 автобусы «Орталық» аялдамасы.",
            "accessibility": "Кіреберіс жер деңгейінде; мүмкіндігі шектеулі жандарға дәретхана.",
        },
        "ru": {
            "name": "Центр приёма граждан",
            "address": "г. Акжар, проспект Бейбитшилик, 12",
            "room": "1 этаж",
            "directions": "Рядом со зданием акимата, автобус № 42, остановка «Центр».",
            "accessibility": "Вход на уровне земли; туалет для людей с инвалидностью.",
        },
    },
}

# slug: organisation, (kk name, kk position), (ru name, ru position), rule, responsibilities
OFFICIALS = [
    (
        "serikbayev-e",
        "apparatus",
        ("Серікбаев Ерлан Маратұлы", "Алтынтау облысының әкімі"),
        ("Серикбаев Ерлан Маратович", "Аким Алтынтауской области"),
        {
            "frequency": Frequency.MONTHLY_WEEKDAY,
            "week_of_month": 1,
            "weekday": "FR",
            "hours": (15, 18),
        },
        (
            "Облыс дамуының жалпы мәселелері, басқа органдарда шешілмеген сұрақтар.",
            "Общие вопросы развития области, вопросы, не решённые в других органах.",
        ),
    ),
    (
        "zhumabekova-a",
        "apparatus",
        ("Жұмабекова Айгүл Қайратқызы", "Облыс әкімінің бірінші орынбасары"),
        ("Жумабекова Айгуль Кайратовна", "Первый заместитель акима области"),
        {
            "frequency": Frequency.MONTHLY_WEEKDAY,
            "week_of_month": 2,
            "weekday": "TU",
            "hours": (15, 18),
        },
        (
            "Экономика, бюджет, кәсіпкерлікті қолдау, жер қатынастары.",
            "Экономика, бюджет, поддержка предпринимательства, земельные отношения.",
        ),
    ),
    (
        "ospanov-n",
        "apparatus",
        ("Оспанов Нұрлан Бекұлы", "Облыс әкімінің орынбасары"),
        ("Оспанов Нурлан Бекович", "Заместитель акима области"),
        {"frequency": Frequency.WEEKLY, "interval": 2, "weekday": "WE", "hours": (10, 12)},
        (
            "Тұрғын үй, тұрғын үй-коммуналдық шаруашылық, жылу және сумен жабдықтау, жолдар.",
            "Жильё, жилищно-коммунальное хозяйство, тепло- и водоснабжение, дороги.",
        ),
    ),
    (
        "abenov-d",
        "apparatus",
        ("Әбенов Дәурен Серікұлы", "Облыс әкімінің орынбасары"),
        ("Абенов Даурен Серикович", "Заместитель акима области"),
        {
            "frequency": Frequency.MONTHLY_WEEKDAY,
            "week_of_month": 3,
            "weekday": "TH",
            "hours": (15, 18),
        },
        (
            "Білім беру, денсаулық сақтау, әлеуметтік қорғау, жұмыспен қамту.",
            "Образование, здравоохранение, социальная защита, занятость.",
        ),
    ),
    (
        "kassymova-s",
        "apparatus",
        ("Қасымова Сәуле Ерболқызы", "Облыс әкімі аппаратының басшысы"),
        ("Касымова Сауле Ерболовна", "Руководитель аппарата акима области"),
        {"frequency": Frequency.MONTHLY_DAY, "day_of_month": 20, "hours": (10, 12)},
        (
            "Мемлекеттік қызметтер көрсету, өтініштерді қарау тәртібі, мемлекеттік қызмет.",
            "Оказание госуслуг, порядок рассмотрения обращений, государственная служба.",
        ),
    ),
    (
        "tuleuov-a",
        "housing",
        ("Төлеуов Асқар Нұрланұлы", "Басқарма басшысы"),
        ("Тулеуов Аскар Нурланович", "Руководитель управления"),
        {"frequency": Frequency.WEEKLY, "weekday": "TU", "hours": (10, 12)},
        (
            "Жылу, электр, газ және сумен жабдықтау; көп пәтерлі үйлерді жөндеу.",
            "Тепло-, электро-, газо- и водоснабжение; ремонт многоквартирных домов.",
        ),
    ),
    (
        "muratova-d",
        "health",
        ("Мұратова Динара Әлібекқызы", "Басқарма басшысы"),
        ("Муратова Динара Алибековна", "Руководитель управления"),
        {"frequency": Frequency.WEEKLY, "weekday": "TH", "hours": (10, 12)},
        (
            "Медициналық көмектің қолжетімділігі, дәрі-дәрмекпен қамту, емханаларға тіркелу.",
            "Доступность медицинской помощи, лекарственное обеспечение, "
            "прикрепление к поликлиникам.",
        ),
    ),
    (
        "bekmukhamedov-e",
        "health",
        ("Бекмұхамедов Ержан Қанатұлы", "Басқарма басшысының орынбасары"),
        ("Бекмухамедов Ержан Канатович", "Заместитель руководителя управления"),
        {
            "frequency": Frequency.MONTHLY_WEEKDAY,
            "week_of_month": 4,
            "weekday": "WE",
            "hours": (15, 17),
        },
        (
            "Ана мен бала денсаулығы, мүгедектігі бар адамдарды оңалту.",
            "Охрана здоровья матери и ребёнка, реабилитация лиц с инвалидностью.",
        ),
    ),
    (
        "ibrayev-b",
        "city",
        ("Ибраев Бауыржан Тимурұлы", "Ақжар қаласының әкімі"),
        ("Ибраев Бауыржан Тимурович", "Аким города Акжар"),
        {
            "frequency": Frequency.MONTHLY_WEEKDAY,
            "week_of_month": 1,
            "weekday": "WE",
            "hours": (15, 18),
        },
        (
            "Қала шаруашылығы, абаттандыру, қоғамдық көлік, жер учаскелері.",
            "Городское хозяйство, благоустройство, общественный транспорт, земельные участки.",
        ),
    ),
    (
        "seitova-g",
        "city",
        ("Сейітова Гүлнар Маратқызы", "Ақжар қаласы әкімінің орынбасары"),
        ("Сейтова Гульнар Маратовна", "Заместитель акима города Акжар"),
        {"frequency": Frequency.WEEKLY, "interval": 2, "weekday": "FR", "hours": (10, 12)},
        (
            "Мектепке дейінгі білім беру, әлеуметтік көмек, мәдениет және спорт.",
            "Дошкольное образование, социальная помощь, культура и спорт.",
        ),
    ),
    (
        "dauletov-m",
        "revenue",
        ("Дәулетов Марат Сағатұлы", "Департамент басшысы"),
        ("Даулетов Марат Сагатович", "Руководитель департамента"),
        {
            "frequency": Frequency.MONTHLY_WEEKDAY,
            "week_of_month": 3,
            "weekday": "TU",
            "hours": (10, 12),
            "mode": ReceptionMode.EITHER,
        },
        (
            "Салықтар мен кедендік төлемдер, салық тексерулері.",
            "Налоги и таможенные платежи, налоговые проверки.",
        ),
    ),
    (
        "nurpeissova-l",
        "revenue",
        ("Нұрпейісова Ләззат Асанқызы", "Департамент басшысының орынбасары"),
        ("Нурпеисова Ляззат Асановна", "Заместитель руководителя департамента"),
        {
            "frequency": Frequency.MONTHLY_DAY,
            "day_of_month": 10,
            "hours": (15, 17),
            "mode": "video",
        },
        (
            "Жеке тұлғалардың мүлік салығы, салық берешегі.",
            "Имущественные налоги физических лиц, налоговая задолженность.",
        ),
    ),
]

# Officials of central bodies' territorial offices receive at the Citizen Reception Centre.
CENTRE_ORGANISATIONS = {"revenue", "city"}


def _locales():
    return {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=["kk", "ru"])}


def _get_or_create(model, translation_key, locale, defaults):
    obj, _created = model.objects.get_or_create(
        translation_key=translation_key, locale=locale, defaults=defaults
    )
    return obj


def ensure_organisations():
    locales = _locales()
    result = {}
    for code, spec in ORGANISATIONS.items():
        for index, lang in enumerate(("kk", "ru")):
            name, short_name = spec[lang]
            obj = _get_or_create(
                Organisation,
                key(f"organisation:{code}"),
                locales[lang],
                {
                    "name": name,
                    "short_name": short_name,
                    "kind": spec["kind"],
                    "address": spec["address"][index],
                    "phone": spec["phone"],
                    "email": spec["email"],
                    "website": spec["website"],
                    "sort_order": spec["sort_order"],
                },
            )
            result[(code, lang)] = obj
    return result


def ensure_venues(organisations):
    locales = _locales()
    result = {}
    for code, spec in VENUES.items():
        for lang in ("kk", "ru"):
            venue = _get_or_create(
                Venue, key(f"venue:{code}"), locales[lang], {"kind": spec["kind"], **spec[lang]}
            )
            if not venue.organisations.exists():
                venue.organisations.set(
                    [organisations[(org, lang)] for org in spec["organisations"]]
                )
            result[(code, lang)] = venue
    return result


def ensure_officials(organisations):
    locales = _locales()
    result = {}
    for order, (slug, org, kk, ru, _rule, responsibilities) in enumerate(OFFICIALS):
        for index, (lang, (full_name, position)) in enumerate((("kk", kk), ("ru", ru))):
            official = _get_or_create(
                Official,
                key(f"official:{slug}"),
                locales[lang],
                {
                    "slug": slug,
                    "full_name": full_name,
                    "position": position,
                    "organisation": organisations[(org, lang)],
                    "responsibilities": responsibilities[index],
                    "reception_phone": ORGANISATIONS[org]["phone"],
                    "reception_email": ORGANISATIONS[org]["email"],
                    "sort_order": (order + 1) * 10,
                },
            )
            result[(slug, lang)] = official
    return result


def ensure_rules(officials, venues, today=None):
    today = today or timezone.localdate()
    made = []
    for slug, org, _kk, _ru, spec, _resp in OFFICIALS:
        official = officials[(slug, "kk")]
        rule = ScheduleRule.objects.filter(official=official).first()
        if rule is None:
            spec = dict(spec)
            start_hour, end_hour = spec.pop("hours")
            venue_code = "centre" if org in CENTRE_ORGANISATIONS else "office"
            rule = ScheduleRule(
                official=official,
                venue=venues[(venue_code, "kk")],
                start_time=datetime.time(start_hour),
                end_time=datetime.time(end_hour),
                valid_from=today.replace(day=1),
                capacity=8,
                **spec,
            )
            rule.full_clean()
            rules.validate_rule(rule)
            rule.save()
        made.append(rule)
    return made


def ensure_changed_days():
    """One cancelled day (illness) and one moved day (business trip), as editors would make."""
    changed = ReceptionDay.objects.exclude(status=DayStatus.SCHEDULED)
    if changed.filter(
        change_reason__in=[ChangeReason.ILLNESS, ChangeReason.BUSINESS_TRIP]
    ).exists():
        return
    upcoming = list(ReceptionDay.objects.active().upcoming().order_by("date", "start_time")[:6])
    if len(upcoming) < 4:
        return
    days.cancel_day(upcoming[1], ChangeReason.ILLNESS)
    to_move = upcoming[3]
    calendar_day = to_move.date + datetime.timedelta(days=1)
    calendar = WorkingCalendar.from_db()
    calendar_day = calendar.working_day_on_or_after(calendar_day)
    days.move_day(
        to_move,
        date=calendar_day,
        start_time=datetime.time(16),
        end_time=datetime.time(18),
        reason=ChangeReason.BUSINESS_TRIP,
    )


def build_schedule(today=None):
    organisations = ensure_organisations()
    venues = ensure_venues(organisations)
    officials = ensure_officials(organisations)
    # From the first of the month, so that the current month shows its days already held.
    first_of_month = (today or timezone.localdate()).replace(day=1)
    for rule in ensure_rules(officials, venues, today):
        rules.generate_days(rule, today=first_of_month)
    ensure_changed_days()
    return officials
