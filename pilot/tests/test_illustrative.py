"""Illustrative figures: what the demo records, and the marker pages put beside such a figure."""

from datetime import date

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from pilot import illustrative
from pilot.models import IllustrativeFigure
from sites.models import HostSite, ProgressEntry
from sites.tests.factories import HostSiteFactory, ProgressEntryFactory

pytestmark = pytest.mark.django_db


def _render(source: str, with_request: bool = True, **context) -> str:
    if with_request:
        context["request"] = RequestFactory().get("/")
    return Template("{% load illustrative %}" + source).render(Context(context))


def test_record_keeps_exactly_the_marks_given_and_can_be_repeated():
    site, other = HostSiteFactory(), HostSiteFactory()
    entry = ProgressEntryFactory(site=site)
    models = [HostSite, ProgressEntry]
    illustrative.record([(site, "trained", "Made up."), (entry, "day", "Month only.")], models=models)
    illustrative.record([(site, "trained", "Made up."), (entry, "day", "Month only.")], models=models)
    assert IllustrativeFigure.objects.count() == 2

    illustrative.record([(site, "trained", "Invented."), (other, "trained", "Invented.")], models=models)
    marks = set(IllustrativeFigure.objects.values_list("model", "object_id", "figure", "note"))
    assert marks == {
        ("sites.hostsite", site.pk, "trained", "Invented."),
        ("sites.hostsite", other.pk, "trained", "Invented."),
    }


def test_record_leaves_other_models_marks_alone_and_refuses_a_model_it_was_not_told_of():
    site = HostSiteFactory()
    entry = ProgressEntryFactory(site=site)
    illustrative.record([(entry, "day", "Month only.")], models=[ProgressEntry])
    illustrative.record([(site, "trained", "Made up.")], models=[HostSite])
    assert IllustrativeFigure.objects.count() == 2
    with pytest.raises(ValueError, match="progressentry"):
        illustrative.record([(entry, "day", "Month only.")], models=[HostSite])


def test_the_marker_names_the_reason_in_a_tooltip_and_for_screen_readers():
    site = HostSiteFactory()
    illustrative.record([(site, "trained", "The report gives 63 in all, not this site's.")], models=[HostSite])
    html = _render('{% illustrative site "trained" %}', site=site)
    assert 'title="The report gives 63 in all, not this site&#x27;s."' in html
    assert '<span class="visually-hidden"> (The report gives 63 in all, not this site&#x27;s.)</span>' in html
    assert ">illustrative<" in html
    assert "style=" not in html and "<script" not in html


def test_no_marker_beside_a_real_figure_or_another_figure_of_a_marked_row():
    site, real = HostSiteFactory(), HostSiteFactory()
    illustrative.record([(site, "trained", "Made up.")], models=[HostSite])
    assert _render('{% illustrative real "trained" %}', real=real).strip() == ""
    assert _render('{% illustrative site "became" %}', site=site).strip() == ""
    assert _render('{% illustrative nothing "trained" %}').strip() == ""


def test_a_list_of_rows_is_marked_if_any_of_them_is():
    rows = [HostSiteFactory(), HostSiteFactory()]
    assert _render('{% illustrative rows "trained" %}', rows=rows).strip() == ""
    illustrative.record([(rows[1], "trained", "Made up.")], models=[HostSite])
    assert 'title="Made up."' in _render('{% illustrative rows "trained" %}', rows=rows)


def test_a_page_of_dates_is_marked_if_any_day_is():
    entry = ProgressEntryFactory(site=HostSiteFactory(), day=date(2009, 3, 17))
    assert _render('{% illustrative_any "day" %}').strip() == ""
    illustrative.record([(entry, "day", "Month only.")], models=[ProgressEntry])
    assert 'title="Month only."' in _render('{% illustrative_any "day" %}')


def test_a_row_flagged_illustrative_is_marked_without_a_query():
    from groups.tests.factories import MeetingFactory

    demo, real = MeetingFactory(is_illustrative=True), MeetingFactory(is_illustrative=False)
    with CaptureQueriesContext(connection) as queries:
        assert illustrative.FLAGGED_NOTE in _render("{% illustrative demo %}", demo=demo)
        assert _render("{% illustrative real %}", real=real).strip() == ""
    assert len(queries) == 0


def test_marks_are_read_once_per_request_however_many_markers_and_without_a_request_too():
    sites = [HostSiteFactory() for _ in range(5)]
    illustrative.record([(s, "trained", "Made up.") for s in sites], models=[HostSite])
    source = '{% for s in sites %}{% illustrative s "trained" %}{% endfor %}{% illustrative_any "trained" %}'
    with CaptureQueriesContext(connection) as queries:
        html = _render(source, sites=sites)
    assert html.count(">illustrative<") == 6 and len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        html = _render(source, with_request=False, sites=sites)
    assert html.count(">illustrative<") == 6 and len(queries) == 1
