"""Quarterly report pages (R29): both languages, tables and SVG charts, figures frozen on
publish, CSV and XLSX, the one-action draft, query counts."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from booking.enums import RequestStatus
from booking.models import ReceptionRequest
from pages.reports import QuarterFigures, ReportIndexPage, ReportPage
from tests.booking.domain.test_quarter_figures import quarter_data  # noqa: F401 (fixture)


@pytest.fixture
def report(home, quarter_data):  # noqa: F811 (the fixture imported above)
    index = home.add_child(instance=ReportIndexPage(title="Есептер", slug="reports-test"))
    index.save_revision().publish()
    page = index.add_child(
        instance=ReportPage(
            title="2026, I тоқсан", slug="2026-q1", year=2026, quarter=1, live=False
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.mark.rule("R29")
def test_report_shows_tables_and_svg_charts(report, client):
    html = client.get(report.url).content.decode()
    assert '<table class="report-table" id="table-channels">' in html
    assert '<svg class="chart" role="img" aria-labelledby="chart-channels-title"' in html
    assert "<caption" in html and 'scope="row"' in html


@pytest.mark.rule("R29")
def test_russian_report_is_in_russian(report, client):
    locale = Locale.objects.get(language_code="ru")
    index = report.get_parent().specific
    if index.get_translation_or_none(locale) is None:
        index.copy_for_translation(locale).save_revision().publish()
    existing = report.get_translation_or_none(locale)
    if existing is not None:
        existing.delete()  # the synced tree's alias
    ru = report.copy_for_translation(locale)
    ru.title = "I квартал 2026 года"
    ru.save_revision().publish()
    html = client.get(ru.url).content.decode()
    assert "Обращения по каналам" in html
    assert "Этот портал" in html or "Портал" in html


@pytest.mark.rule("R29")
def test_figures_are_frozen_on_publish(report, client):
    frozen = QuarterFigures.objects.get(year=2026, quarter=1, organisation_key="")
    assert frozen.figures["outcomes"]["not_considered"] == 1
    ReceptionRequest.objects.filter(status=RequestStatus.NOT_CONSIDERED).update(
        status=RequestStatus.REFUSED
    )
    report.save_revision().publish()  # publishing again keeps the figures of the first time
    assert report.figures()["outcomes"]["not_considered"] == 1
    assert QuarterFigures.objects.count() == 1


@pytest.mark.rule("R29")
def test_csv_and_xlsx_hold_the_same_figures(report, client):
    response = client.get(report.url + "csv/")
    assert response["Content-Type"].startswith("text/csv")
    assert "report-2026-q1-kk.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows[0]) == 3
    xlsx = client.get(report.url + "xlsx/")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = [
        [("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert cells == rows
    values = [row[2] for row in rows[1:]]
    assert "6" in values  # six requests registered in the quarter


def test_editor_drafts_the_last_quarters_report_in_one_action(home, editor):
    index = home.add_child(instance=ReportIndexPage(title="Есептер", slug="reports-test"))
    index.save_revision().publish()
    assert editor.get("/admin/quarterly-report/").status_code == 200
    response = editor.post("/admin/quarterly-report/")
    assert response.status_code == 302
    page = ReportPage.objects.get()
    assert not page.live
    today = datetime.date.today()
    assert (page.year, page.quarter) != ((today.month - 1) // 3 + 1, today.year)
    again = editor.post("/admin/quarterly-report/")
    assert again["Location"] == response["Location"]
    assert ReportPage.objects.count() == 1


def test_report_page_query_count_is_constant(report, client):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(report.url).status_code == 200
        return len(queries)

    count()
    before = count()
    from tests.factories import ReceptionRequestFactory

    for _ in range(5):
        ReceptionRequestFactory(registered_on=datetime.date(2026, 2, 2))
    assert count() == before
