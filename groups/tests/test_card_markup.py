"""The referral card, a public group's page, carries schema.org Event markup as microdata."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(meeting_group_a, peer_a):
    meeting_group_a.address = "3 Example Street"
    meeting_group_a.town = "Sheffield"
    meeting_group_a.postcode = "S1 2AB"
    meeting_group_a.save()
    return meeting_group_a


def test_card_carries_schema_org_event_microdata(client, listed, frozen_today):
    html = client.get(f"/meetings/{listed.pk}/card/").content.decode()
    assert 'itemtype="https://schema.org/Event"' in html
    assert '<meta itemprop="name" content="SMART Recovery Alpha Tuesday">' in html
    assert '<meta itemprop="startDate" content="2009-05-12T18:30:00+01:00">' in html  # the next Tuesday, BST
    assert '<link itemprop="byDay" href="https://schema.org/Tuesday">' in html
    assert '<meta itemprop="postalCode" content="S1 2AB">' in html
    assert f'href="/meetings/{listed.pk}/feed.ics"' in html
    assert "jo@example.org" not in html and "07700 900123" not in html
