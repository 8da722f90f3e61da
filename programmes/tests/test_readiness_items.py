"""A programme's own readiness checklist: the default when it defines none, order, the rule for a site in two
programmes, renaming and deactivating instead of deleting, the coordinator's forms and the migration's mapping."""

import datetime
import importlib

import pytest
from django.urls import reverse

from pilot.models import AuditEntry
from programmes import services
from programmes.models import ReadinessItem
from programmes.tests.factories import ProgrammeFactory, ProgrammeSiteFactory
from sites.models import READINESS_ITEMS, READINESS_KEYS, SiteReadiness
from sites.selectors import readiness_for

pytestmark = pytest.mark.django_db
DAY = datetime.date(2009, 6, 1)


def _item(programme, label, order, key=None, active=True):
    key = key or label.lower().replace(" ", "-")
    return ReadinessItem.objects.create(programme=programme, key=key, label=label, order=order, active=active)


def test_a_site_in_no_programme_or_one_that_defines_none_gets_the_pilots_seven(site_a, site_b):
    ProgrammeSiteFactory(programme=ProgrammeFactory(), site=site_b)
    readiness = readiness_for([site_a, site_b], today=DAY)
    for site in (site_a, site_b):
        assert [i.label for i in readiness[site.pk].items] == list(READINESS_ITEMS)
        assert readiness[site.pk].programme is None


def test_a_programmes_own_active_items_in_their_order(site_a):
    programme = ProgrammeFactory()
    ProgrammeSiteFactory(programme=programme, site=site_a)
    _item(programme, "Venue booked", 2)
    _item(programme, "Agreement signed", 1, key="agreement-signed")
    _item(programme, "Old item", 3, active=False)
    SiteReadiness.objects.create(site=site_a, ticks={"agreement-signed": {"on": "2009-01-05", "by": None}})
    readiness = readiness_for([site_a], today=DAY)[site_a.pk]
    assert [i.label for i in readiness.items] == ["Agreement signed", "Venue booked"]
    assert readiness.programme == programme
    # A tick given under the default item counts on the programme's item of the same key.
    assert (str(readiness), readiness.missing) == ("1 of 2", ["Venue booked"])


def test_a_site_follows_the_programme_it_belongs_to_on_the_day_the_newest_if_two(site_a):
    older = ProgrammeFactory(starts_on=datetime.date(2008, 4, 1), ends_on=datetime.date(2010, 3, 31))
    newer = ProgrammeFactory(starts_on=datetime.date(2009, 4, 1), ends_on=datetime.date(2011, 3, 31))
    ProgrammeSiteFactory(programme=older, site=site_a)
    ProgrammeSiteFactory(programme=newer, site=site_a)
    _item(older, "Older item", 1)
    _item(newer, "Newer item", 1)
    labels = lambda day: [i.label for i in readiness_for([site_a], today=day)[site_a.pk].items]  # noqa: E731
    assert labels(datetime.date(2008, 6, 1)) == ["Older item"]  # before joining the newer one
    assert labels(datetime.date(2009, 6, 1)) == ["Newer item"]  # in both: the latest-starting
    assert labels(datetime.date(2011, 6, 1)) == list(READINESS_ITEMS)  # both ended: the default


def test_removing_an_item_with_ticks_deactivates_it_and_one_without_is_deleted(site_a, coordinator):
    programme = ProgrammeFactory()
    ticked, unticked = _item(programme, "Ticked", 1), _item(programme, "Unticked", 2)
    SiteReadiness.objects.create(site=site_a, ticks={ticked.key: {"on": "2009-01-05", "by": None}})
    assert services.readiness_item_remove(item=ticked, actor=coordinator) is False
    ticked.refresh_from_db()
    assert ticked.active is False
    assert services.readiness_item_remove(item=unticked, actor=coordinator) is True
    assert not ReadinessItem.objects.filter(pk=unticked.pk).exists()
    assert SiteReadiness.objects.get().ticks == {ticked.key: {"on": "2009-01-05", "by": None}}
    actions = set(AuditEntry.objects.filter(target_type="programmes.ReadinessItem").values_list("action", flat=True))
    assert actions == {"update", "delete"}


def test_renaming_an_item_keeps_its_key_and_so_its_ticks(site_a, coordinator):
    programme = ProgrammeFactory()
    ProgrammeSiteFactory(programme=programme, site=site_a)
    item = services.readiness_item_add(programme=programme, label="Room booked", actor=coordinator)
    SiteReadiness.objects.create(site=site_a, ticks={item.key: {"on": "2009-01-05", "by": None}})
    services.readiness_item_update(item=item, label="Meeting room booked", actor=coordinator)
    readiness = readiness_for([site_a], today=DAY)[site_a.pk]
    assert [(i.label, i.done) for i in readiness.items] == [("Meeting room booked", True)]


def test_the_coordinator_adds_items_at_the_end_with_clear_errors(client_for, coordinator):
    programme = ProgrammeFactory()
    client = client_for(coordinator)
    url = reverse("programmes:readiness_add", args=[programme.pk])
    assert client.post(url, {"label": "Room booked", "help_text": "A room"}).status_code == 302
    assert client.post(url, {"label": "Leaflets printed"}).status_code == 302
    assert list(programme.readiness_items.values_list("label", "order")) == [
        ("Room booked", 1),
        ("Leaflets printed", 2),
    ]
    response = client.post(url, {"label": "room BOOKED"})
    assert response.status_code == 400
    assert "already has the item" in response.context["form"].errors["label"][0]
    response = client.post(url, {"label": "!!!"})
    assert response.status_code == 400 and "in words" in response.context["form"].errors["label"][0]
    response = client.post(url, {"label": ""})
    assert response.status_code == 400 and response.context["form"].errors["label"]
    assert programme.readiness_items.count() == 2
    assert AuditEntry.objects.filter(target_type="programmes.ReadinessItem", action="create").count() == 2


def test_edit_reorders_and_the_page_lists_items(client_for, coordinator, observer):
    programme = ProgrammeFactory()
    first, second = _item(programme, "First", 1), _item(programme, "Second", 2)
    client = client_for(coordinator)
    edit = reverse("programmes:readiness_edit", args=[second.pk])
    response = client.post(edit, {"label": "Second", "help_text": "", "order": 0, "active": "on"})
    assert response.status_code == 302
    assert [i.label for i in programme.readiness_items.filter(active=True)] == ["Second", "First"]
    entry = AuditEntry.objects.get(action="update", target_id=str(second.pk))
    assert entry.changed_fields == ["order"]
    response = client.post(edit, {"label": "First", "help_text": "", "order": 0, "active": "on"})
    assert response.status_code == 400 and "already has the item" in response.context["form"].errors["label"][0]
    page = client_for(observer).get(programme.get_absolute_url()).content.decode()
    assert "Second" in page and edit not in page  # read-only for the committee
    assert client_for(observer).post(edit, {"label": "X", "order": 1}).status_code == 403
    first.refresh_from_db()
    assert first.label == "First"


def test_starting_from_the_defaults_keeps_their_keys_once(client_for, coordinator, site_contact_a, site_a):
    programme = ProgrammeFactory()
    url = reverse("programmes:readiness_defaults", args=[programme.pk])
    assert client_for(site_contact_a).post(url).status_code == 403
    assert client_for(coordinator).post(url).status_code == 302
    assert list(programme.readiness_items.values_list("key", flat=True)) == list(READINESS_KEYS)
    client_for(coordinator).post(url)
    assert programme.readiness_items.count() == 7


def test_other_roles_cannot_change_items(client_for, site_contact_b, observer, evaluator):
    programme = ProgrammeFactory()
    item = _item(programme, "First", 1)
    for user in (site_contact_b, observer, evaluator):
        client = client_for(user)
        assert client.post(reverse("programmes:readiness_remove", args=[item.pk])).status_code == 403
        assert client.post(reverse("programmes:readiness_add", args=[programme.pk]), {"label": "X"}).status_code == 403
    assert list(programme.readiness_items.values_list("label", flat=True)) == ["First"]


def test_the_site_checklist_form_follows_the_programme(client_for, site_contact_a, site_a):
    programme = ProgrammeFactory(starts_on=datetime.date(2008, 4, 1), ends_on=datetime.date(2099, 3, 31))
    ProgrammeSiteFactory(programme=programme, site=site_a)
    _item(programme, "Agreement signed", 1, key="agreement-signed")
    _item(programme, "Volunteers checked", 2, key="volunteers-checked")
    # A tick of a default item that is not on this programme's list is kept when the site saves its checklist.
    SiteReadiness.objects.create(site=site_a, ticks={"a-champion-named": {"on": "2009-01-05", "by": None}})
    url = reverse("sites:readiness", args=[site_a.slug])
    page = client_for(site_contact_a).get(url).content.decode()
    assert "Volunteers checked" in page and "A champion named" not in page
    version = SiteReadiness.objects.get().version
    response = client_for(site_contact_a).post(url, {"done_1": "on", "on_1": "2009-02-02", "version": version})
    assert response.status_code == 302
    assert set(SiteReadiness.objects.get().ticks) == {"a-champion-named", "volunteers-checked"}


def test_the_migration_maps_every_label_onto_its_default_key_and_back():
    migration = importlib.import_module("sites.migrations.0006_readiness_ticks_by_key")
    by_label = {label: {"on": f"2009-01-0{n + 1}", "by": n} for n, label in enumerate(READINESS_ITEMS)}
    by_label["Something a coordinator typed"] = {"on": "2009-02-01", "by": None}
    by_key = migration.ticks_by_key(by_label)
    assert len(by_key) == len(by_label)  # nothing lost
    for n, key in enumerate(READINESS_KEYS):
        assert by_key[key] == {"on": f"2009-01-0{n + 1}", "by": n}
    assert by_key["something-a-coordinator-typed"] == {"on": "2009-02-01", "by": None}
    assert migration.ticks_by_label(by_key)
    assert {k: v for k, v in migration.ticks_by_label(by_key).items() if k in READINESS_ITEMS} == {
        label: by_label[label] for label in READINESS_ITEMS
    }
    # Its keys are the keys the code reads today.
    assert dict(zip(READINESS_ITEMS, READINESS_KEYS, strict=True)) == migration.KEYS


def test_the_checklist_is_shown_once_in_the_page_not_in_its_title_or_breadcrumbs(client_for, observer):
    programme = ProgrammeFactory()
    _item(programme, "Venue booked", 1)
    page = client_for(observer).get(programme.get_absolute_url()).content.decode()
    assert page.count('id="readiness-h"') == 1
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    breadcrumbs = page.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert "Readiness checklist" not in title and "Venue booked" not in breadcrumbs
