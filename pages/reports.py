"""Quarterly reports on reception work (R29: 001 p.38; 002 p.40): the figures come from
``booking.domain.reports.quarter_figures`` and are frozen when a report is first published, so
that later edits to requests never rewrite a published quarter."""

import csv
import io

import openpyxl
from django.db import IntegrityError, models, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published

from booking.domain.reports import Quarter, quarter_figures
from booking.enums import Channel, RefusalGround, Topic
from pages.folding import fold
from portal.navigation import ViewRestrictionsInOneQuery, public

QUARTERS = [(number, str(number)) for number in range(1, 5)]
CHART_WIDTH = 100  # per cent of the chart's width for the largest value


class QuarterFigures(models.Model):
    """The figures of a quarter as published: one row per quarter and organisation ("" for
    all), shared by the report's Kazakh and Russian pages."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    organisation_key = models.CharField(max_length=36, blank=True)
    figures = models.JSONField(_("figures"))
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)

    class Meta:
        verbose_name = _("published quarter figures")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "organisation_key"], name="one_frozen_quarter"
            )
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter} {self.organisation_key}".strip()


class ReportIndexPage(ViewRestrictionsInOneQuery, Page):
    """The list of quarterly reports, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    subpage_types = ["pages.ReportPage"]
    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("report index page")
        verbose_name_plural = _("report index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = public(ReportPage.objects.child_of(self).live()).order_by(
            "-year", "-quarter"
        )
        return context


class ReportPage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """One quarter's results for one organisation or for all: figures as tables and charts,
    the editors' narrative, CSV and XLSX downloads."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    organisation = models.ForeignKey(
        "booking.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Leave empty to report on every organisation."),
    )
    narrative = RichTextField(
        _("narrative"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    parent_page_types = ["pages.ReportIndexPage"]
    subpage_types = []
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("year"), FieldPanel("quarter")]),
        FieldPanel("organisation"),
        FieldPanel("narrative"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("narrative"),
        index.SearchField("folded_text"),
    ]

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")

    def folded_text(self):
        return fold(f"{self.title} {self.narrative}")

    @property
    def organisation_key(self):
        return str(self.organisation.translation_key) if self.organisation_id else ""

    def frozen(self):
        return QuarterFigures.objects.filter(
            year=self.year, quarter=self.quarter, organisation_key=self.organisation_key
        ).first()

    def computed(self):
        return quarter_figures(Quarter(self.year, self.quarter), self.organisation_key or None)

    def figures(self, frozen=None):
        """The frozen figures once published; until then, computed afresh (for the preview).
        *frozen*: the stored row, when the caller has read it already."""
        frozen = frozen or self.frozen()
        return frozen.figures if frozen is not None else self.computed()

    def freeze(self):
        """Store the figures of this report's quarter, unless they are stored already."""
        if self.frozen() is not None:
            return
        figures = self.computed()
        try:
            with transaction.atomic():
                QuarterFigures.objects.create(
                    year=self.year,
                    quarter=self.quarter,
                    organisation_key=self.organisation_key,
                    figures=figures,
                )
        except IntegrityError:
            pass  # Another node froze the same quarter at the same moment: theirs stands.

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        frozen = self.frozen()
        figures = self.figures(frozen)
        context["figures"] = figures
        context["tables"] = report_tables(figures)
        context["receptions"] = figures["receptions"]
        context["receptions_names"] = [
            (row, official_name(row, self.locale.language_code))
            for row in figures["receptions"]["officials"]
        ]
        context["frozen"] = frozen
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("csv/", name="csv")
    def csv_route(self, request):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerows(flat_rows(self))
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.file_stem()}.csv"'
        return response

    @path("xlsx/", name="xlsx")
    def xlsx_route(self, request):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = f"{self.year}-Q{self.quarter}"
        for row in flat_rows(self):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.file_stem()}.xlsx"'
        return response

    def file_stem(self):
        return f"report-{self.year}-q{self.quarter}-{self.locale.language_code}"


@receiver(page_published, sender=ReportPage)
def freeze_on_publish(sender, instance, **kwargs):
    instance.freeze()


def report_title(quarter):
    # Translators: the title of a quarterly report: "Quarter 3 of 2026: results of personal
    # reception"
    return _("Quarter %(quarter)s of %(year)s: results of personal reception") % {
        "quarter": quarter.number,
        "year": quarter.year,
    }


OUTCOME_LABELS = {
    "not_considered": pgettext_lazy("report", "Left without consideration"),
    "returned": pgettext_lazy("report", "Returned"),
    "forwarded": pgettext_lazy("report", "Forwarded to the competent body"),
    "refused": pgettext_lazy("report", "Refused with reasons"),
    "scheduled": pgettext_lazy("report", "Given a date and time"),
    "attended": pgettext_lazy("report", "Received at the reception"),
    "no_show": pgettext_lazy("report", "Did not come"),
    "withdrawn": pgettext_lazy("report", "Withdrawn by the applicant"),
}


def _table(key, caption, rows, chart=True):
    if not chart:
        return {"id": key, "caption": caption, "rows": rows, "bars": [], "chart": False}
    largest = max((value or 0 for _label, value in rows), default=0)
    bars = [
        (label, value, round(CHART_WIDTH * (value or 0) / largest, 1) if largest else 0)
        for label, value in rows
    ]
    return {"id": key, "caption": caption, "rows": rows, "bars": bars, "chart": chart}


def _number(value):
    return "—" if value is None else formats.number_format(value, use_l10n=True)


def official_name(row, language):
    """An official's name in the report's figures, in *language* where it was stored."""
    return row["names"].get(language) or next(iter(row["names"].values()), "")


def report_tables(figures):
    """The figures as captioned tables (label, value), in the active language."""
    answered = figures["answered"]
    share = figures["answered_in_time_share"]
    satisfaction = figures["satisfaction"]
    return [
        _table(
            "summary",
            pgettext_lazy("report", "Requests"),
            [
                (pgettext_lazy("report", "Registered"), figures["requests"]),
                (pgettext_lazy("report", "Registered on time"), figures["registered_on_time"]),
                (pgettext_lazy("report", "Answered"), answered),
                (
                    pgettext_lazy("report", "Answered within %(days)s working days")
                    % {"days": figures["answer_days"]},
                    figures["answered_in_time"],
                ),
                (pgettext_lazy("report", "Extended"), figures["extended"]),
            ],
        ),
        _table(
            "timeliness",
            pgettext_lazy("report", "Answer times"),
            [
                (pgettext_lazy("report", "Share answered in time, %"), _number(share)),
                (
                    pgettext_lazy("report", "Median working days to the answer"),
                    _number(figures["median_working_days"]),
                ),
            ],
            chart=False,
        ),
        _table(
            "channels",
            pgettext_lazy("report", "Requests by channel"),
            [(Channel(code).label, count) for code, count in figures["by_channel"].items()],
        ),
        _table(
            "topics",
            pgettext_lazy("report", "Requests by topic"),
            [(Topic(code).label, count) for code, count in figures["by_topic"].items()],
        ),
        _table(
            "outcomes",
            pgettext_lazy("report", "Outcomes"),
            [(OUTCOME_LABELS[code], count) for code, count in figures["outcomes"].items()],
        ),
        _table(
            "grounds",
            pgettext_lazy("report", "Refusals by ground"),
            [
                (RefusalGround(code).label, count)
                for code, count in figures["refused_by_ground"].items()
            ],
        ),
        _table(
            "days",
            pgettext_lazy("report", "Reception days"),
            [
                (pgettext_lazy("report", "Cancelled"), figures["days_cancelled"]),
                (pgettext_lazy("report", "Moved"), figures["days_moved"]),
            ],
        ),
        _table(
            "satisfaction",
            pgettext_lazy("report", "Satisfaction (scores 1–5)"),
            [
                (pgettext_lazy("report", "Score %(score)s") % {"score": score}, count)
                for score, count in satisfaction["scores"].items()
            ],
        ),
        _table(
            "satisfaction-summary",
            pgettext_lazy("report", "Satisfaction survey"),
            [
                (pgettext_lazy("report", "Surveyed"), satisfaction["surveyed"]),
                (pgettext_lazy("report", "Average score"), _number(satisfaction["average"])),
            ],
            chart=False,
        ),
    ]


def flat_rows(page):
    """The report as rows of (section, item, value) for CSV and XLSX."""
    figures = page.figures()
    language = page.locale.language_code
    rows = [
        (
            str(pgettext_lazy("report", "Section")),
            str(pgettext_lazy("report", "Item")),
            str(pgettext_lazy("report", "Value")),
        )
    ]
    for table in report_tables(figures):
        for label, value in table["rows"]:
            rows.append((str(table["caption"]), str(label), value))
    receptions = str(pgettext_lazy("report", "Receptions held per official"))
    for row in figures["receptions"]["officials"]:
        rows.append((receptions, official_name(row, language), row["total"]))
    return rows
