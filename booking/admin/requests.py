"""The reception office's queue and a request's page: a Wagtail ``ModelViewSet`` for sign-up
requests, registered in ``booking.wagtail_hooks``.

The queue is sorted by the next legal deadline (stored on each request by
``booking.domain.workflow``), out-of-turn categories first within a day (R16); each row shows
how many working days are left, coloured when close or past; filters narrow it and the current
filter exports as CSV or XLSX. Only staff who may view requests reach any of it (403 otherwise):
the applicant's personal data stays with the reception office (R30).
"""

import datetime

import django_filters
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from booking.admin.access import OnlyForTheOffice
from booking.admin.forms import in_staff_language
from booking.admin.offered import offered_actions
from booking.domain import deadlines
from booking.domain.workdays import WorkingCalendar
from booking.enums import OPEN_STATUSES, Channel, RequestStatus, Topic
from booking.models import Official, Organisation, ReceptionRequest

# Rows due within this many working days are highlighted as close.
CLOSE_DAYS = 3


DUE_CHOICES = [
    ("overdue", pgettext_lazy("deadline filter", "Overdue")),
    ("0", pgettext_lazy("deadline filter", "Due today")),
    ("3", pgettext_lazy("deadline filter", "Due within 3 working days")),
    ("5", pgettext_lazy("deadline filter", "Due within 5 working days")),
    ("10", pgettext_lazy("deadline filter", "Due within 10 working days")),
    ("none", pgettext_lazy("deadline filter", "Nothing due")),
]


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"), choices=RequestStatus.choices
    )
    due = django_filters.ChoiceFilter(
        label=gettext_lazy("Next deadline"), choices=DUE_CHOICES, method="filter_due"
    )
    official = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Official"),
        queryset=lambda request: in_staff_language(Official),
        method="filter_official",
    )
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organisation"),
        queryset=lambda request: in_staff_language(Organisation),
        method="filter_organisation",
    )
    day = django_filters.DateFilter(
        label=gettext_lazy("Reception day"), field_name="preferred_day__date"
    )
    topic = django_filters.ChoiceFilter(label=gettext_lazy("Topic"), choices=Topic.choices)
    channel = django_filters.ChoiceFilter(label=gettext_lazy("Channel"), choices=Channel.choices)
    needs_new_date = django_filters.BooleanFilter(label=gettext_lazy("Needs a new date"))
    # Over the portal's per-person limit: registered all the same (R06), checked by the office.
    possible_duplicate = django_filters.BooleanFilter(label=gettext_lazy("Possible duplicate"))

    class Meta:
        model = ReceptionRequest
        fields = ["status", "due", "official", "organisation", "day", "topic", "channel"]

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(due_on__lt=today)
        if value == "none":
            return queryset.filter(due_on__isnull=True)
        limit = WorkingCalendar.from_db().add_working_days(today, int(value))
        return queryset.filter(due_on__gte=today, due_on__lte=limit)

    def filter_official(self, queryset, name, value):
        return queryset.filter(official__translation_key=value.translation_key)

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(official__organisation__translation_key=value.translation_key)


class DeadlineColumn(Column):
    """The next deadline, what it is for, and the working days left, coloured when close or
    past."""

    cell_template_name = "booking/admin/includes/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        # Worked out by the queue's view with one working-day calendar for the whole page.
        context["due"] = getattr(instance, "due", None)
        return context


def due_facts(reception_request, calendar, today=None):
    """What a row and a request's page say of the next deadline: the date, what for, working
    days left (negative when overdue) and how urgent."""
    if reception_request.due_on is None:
        return None
    today = today or timezone.localdate()
    left = calendar.working_days_between(today, reception_request.due_on)
    if reception_request.due_on < today:
        state, words = "overdue", _("overdue")
    elif reception_request.due_on == today:
        state, words = "close", _("due today")
    else:
        state = "close" if left <= CLOSE_DAYS else "ok"
        words = ngettext("%(count)s working day left", "%(count)s working days left", left) % {
            "count": left
        }
    return {
        "date": reception_request.due_on,
        "kind": reception_request.get_due_kind_display(),
        "left": left,
        "state": state,
        "words": words,
    }


def reception_time(reception_request):
    """The queue's reception column: the day and the applicant's time (the official is in
    the column beside it)."""
    day = reception_request.preferred_day
    if day is None:
        return ""
    start = reception_request.slot_time or day.start_time
    return f"{date_format(day.date, 'SHORT_DATE_FORMAT')} {start:%H:%M}"


def _local(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else ""


class QueueView(OnlyForTheOffice, generic.IndexView):
    """The queue: by the next deadline, nothing due last; out of turn first within a day,
    then by arrival (R16)."""

    default_ordering = None
    export_headings = {
        "number": gettext_lazy("Registration number"),
        "registered_on": gettext_lazy("Registration date"),
        "received_local": gettext_lazy("Received"),
        "channel_label": gettext_lazy("Channel"),
        "status_label": gettext_lazy("Status"),
        "topic_label": gettext_lazy("Topic"),
        "official_name": gettext_lazy("Official"),
        "reception_day": gettext_lazy("Reception day"),
        "due_on": gettext_lazy("Next deadline"),
        "due_kind_label": gettext_lazy("Deadline for"),
        "priority_label": gettext_lazy("Out-of-turn category"),
        "applicant": gettext_lazy("Applicant"),
        "masked_iin": gettext_lazy("IIN"),
    }

    @cached_property
    def calendar(self):
        return WorkingCalendar.from_db()

    def get_base_queryset(self):
        return ReceptionRequest.objects.select_related(
            "official", "preferred_day__official", "preferred_day__venue"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for reception_request in context["object_list"]:
            reception_request.due = due_facts(reception_request, self.calendar, today)
        return context

    def order_queryset(self, queryset):
        if self.ordering:
            return super().order_queryset(queryset)
        return queryset.annotate(
            out_of_turn=Case(
                When(priority="", then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        ).order_by(F("due_on").asc(nulls_last=True), "out_of_turn", "received_at", "pk")

    def to_row_dict(self, item):
        values = {
            "number": item.number,
            "registered_on": item.registered_on,
            "received_local": _local(item.received_at),
            "channel_label": item.get_channel_display(),
            "status_label": item.get_status_display(),
            "topic_label": item.get_topic_display(),
            "official_name": item.official.full_name if item.official else "",
            "reception_day": reception_time(item),
            "due_on": item.due_on or "",
            "due_kind_label": item.get_due_kind_display(),
            "priority_label": item.get_priority_display() if item.priority else "",
            "applicant": item.applicant_initials,
            "masked_iin": item.masked_iin,
        }
        return {field: values[field] for field in self.list_export}

    def get_filename(self):
        return f"requests-{timezone.localdate():%Y-%m-%d}"

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            MenuItem(
                _("Ticket"),
                url=reverse("booking_request_ticket", args=[instance.pk]),
                icon_name="doc-full",
                priority=30,
            ),
            MenuItem(
                _("Documents"),
                url=reverse("booking_request_documents", args=[instance.pk]),
                icon_name="doc-full-inverse",
                priority=40,
            ),
        ]


class RequestPageView(OnlyForTheOffice, generic.InspectView):
    """Everything the applicant gave, their documents, the deadlines, the full history and
    the actions the request's state allows (R07–R15, R23–R28)."""

    template_name = "booking/admin/request_page.html"

    def get_page_title(self):
        return _("Request %(number)s") % {"number": self.object.number}

    def get_page_subtitle(self):
        return self.object.get_status_display()

    def get_object(self, queryset=None):
        return ReceptionRequest.objects.select_related(
            "official", "preferred_day__venue", "requested_day", "created_by"
        ).get(pk=self.pk)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # Stored in UTC; the office reads Almaty time (08:35, not 03:35).
            return date_format(timezone.localtime(value), "j E Y, H:i")
        if isinstance(value, datetime.date):
            return date_format(value, "j E Y")
        if field_name == "created_by" and self.object.created_by is not None:
            return self.object.created_by.get_full_name() or self.object.created_by.get_username()
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None:
            return ""
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        req = self.object
        calendar = WorkingCalendar.from_db()
        context.update(
            req=req,
            due=due_facts(req, calendar),
            deadlines=request_deadlines(req, calendar),
            events=req.events.select_related("actor"),
            attachments=req.attachments.all(),
            assignments=req.assignments.select_related("responsible", "closed_by").prefetch_related(
                "handled_before"
            ),
            actions=offered_actions(req, self.request.user),
            can_process=self.request.user.has_perm("booking.process_request"),
        )
        return context


def request_deadlines(reception_request, calendar):
    """Every legal deadline that applies to the request now, with its clause, for its page."""
    req = reception_request
    rows = [
        (_("Registered"), req.registered_on, "001 p.21"),
        (_("Answer: the date and time, or a reasoned refusal"), req.answer_due, "002 p.29"),
    ]
    if req.status in (RequestStatus.REGISTERED, RequestStatus.UNDER_REVIEW):
        rows.append(
            (
                _("Forwarding, if outside the competence"),
                deadlines.forwarding_due(req.registered_on, calendar),
                "003 p.195",
            )
        )
        rows.append(
            (
                _("Latest extension: complex question / reasoned decision"),
                " / ".join(
                    date_format(deadlines.extension_limit(req.registered_on, reasoned), "j E Y")
                    for reasoned in (False, True)
                ),
                "001 p.26",
            )
        )
    if req.corrections_due:
        rows.append((_("Corrections by the applicant"), req.corrections_due, "001 p.6"))
    if req.notice_due:
        rows.append((_("Telling the applicant by phone or post"), req.notice_due, "001 p.25–26"))
    if req.hearing_until:
        rows.append((_("Refusal possible from (after the hearing)"), req.hearing_until, "001 p.28"))
    day = req.preferred_day
    if day is not None and req.status in (RequestStatus.UNDER_REVIEW, RequestStatus.SCHEDULED):
        rows.append(
            (
                _("Reference information with a proposal"),
                deadlines.reference_due(day.date, calendar),
                "001 p.22",
            )
        )
        rows.append(
            (
                _("Final list of applicants to the official"),
                deadlines.final_list_due(day.date, calendar),
                "001 p.24",
            )
        )
        rows.append((_("Reception"), day.date, "001 p.23"))
    return [
        {
            "label": label,
            "date": value,
            "clause": clause,
            "is_date": isinstance(value, datetime.date),
        }
        for label, value, clause in rows
    ]


class ReceptionRequestViewSet(ModelViewSet):
    model = ReceptionRequest
    name = "requests"
    icon = "form"
    menu_label = gettext_lazy("Reception queue")
    add_to_admin_menu = True
    menu_order = 190
    index_view_class = QueueView
    inspect_view_class = RequestPageView
    inspect_view_enabled = True
    # What the applicant gave; the workflow's own fields have their sections on the page, and
    # the tracking token and duplicate key are never shown.
    inspect_view_fields = [
        "number",
        "channel",
        "received_at",
        "registered_on",
        "created_by",
        "applicant_kind",
        "surname",
        "given_name",
        "patronymic",
        "iin",
        "document_type",
        "document_number",
        "needs_interpreter",
        "bin",
        "legal_entity",
        "phone",
        "email",
        "postal_address",
        "official",
        "topic",
        "question",
        "earlier_appeal",
        "language",
        "mode",
        "video_consent",
        "priority",
        "consent_at",
    ]
    copy_view_enabled = False
    list_per_page = 50
    filterset_class = RequestFilterSet
    # Not the IIN: a search puts the query in the URL, and personal data stays out of URLs.
    search_fields = ["number", "surname"]
    search_backend_name = None
    list_display = [
        "number",
        DeadlineColumn("due_on", label=gettext_lazy("Next deadline"), sort_key="due_on"),
        "status",
        "priority",
        "official",
        Column("reception_day", label=gettext_lazy("Reception day"), accessor=reception_time),
        "channel",
        Column("masked_iin", label=gettext_lazy("IIN")),
        "registered_on",
    ]
    list_export = list(QueueView.export_headings)
    export_headings = QueueView.export_headings

    def get_urlpatterns(self):
        # No add, edit, copy or delete: requests change only through the workflow's actions.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(export_headings=self.export_headings, **kwargs)


def queue_url():
    return reverse("requests:index")


class DeadlinesPanel(Component):
    """The reception office's dashboard: requests overdue and due within three working days,
    each a link to the queue filtered so (R13)."""

    name = "request_deadlines"
    order = 40
    template_name = "booking/admin/deadlines_panel.html"

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        limit = WorkingCalendar.from_db().add_working_days(today, CLOSE_DAYS)
        counts = ReceptionRequest.objects.aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            close=Count("pk", filter=Q(due_on__gte=today, due_on__lte=limit)),
            new_date=Count("pk", filter=Q(needs_new_date=True, status__in=OPEN_STATUSES)),
        )
        return {**counts, "queue": queue_url(), "close_days": CLOSE_DAYS}
