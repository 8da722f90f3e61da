"""The home-page panel of open rounds and the rounds block on the site page: scope and counts, never answers."""

import datetime

import time_machine
from django.urls import reverse

from evaluation.dashboard import panels
from network.panels import rounds_panel


def test_home_panel_lists_open_rounds_in_scope(client_for, personas, round_a, round_b, answer, autumn):
    answer(round_a)
    names = [r.name for r in panels(personas["site_contact_a"])[0].context["rounds"]]
    assert names == ["Autumn A"]
    assert panels(personas["site_contact_a"])[0].context["rounds"][0].response_count == 1
    assert panels(personas["observer"])[0].context["may_enter"] is False
    page = client_for(personas["facilitator_a"]).get("/").content.decode()
    assert "Questionnaires open now" in page and reverse("evaluation:paper_entry", args=[round_a.pk]) in page


def test_home_panel_is_quiet_for_site_roles_without_open_rounds(personas, round_a):
    with time_machine.travel(datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC), tick=False):
        assert panels(personas["site_contact_a"]) == []
        assert panels(personas["coordinator"])[0].context["rounds"] == []
        open_now = panels(personas["evaluator"])[0]
        assert open_now.title == "Questionnaires open now" and open_now.context["questionnaires"] == []


def test_site_page_block_shows_this_sites_rounds_only(personas, round_a, round_b, answer):
    answer(round_b)
    block = rounds_panel(round_b.site, personas["coordinator"], None)
    assert [(r.name, r.response_count) for r in block.context["rounds"]] == [("Autumn B", 1)]
    assert rounds_panel(round_b.site, personas["site_contact_a"], None) is None
