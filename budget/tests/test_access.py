"""Every budget URL: anonymous visitors sign in; the coordinator manages, the steering committee reads, and
everyone else is refused, even for spending at their own site or on their own group."""

import pytest
from django.urls import reverse

from budget.models import BudgetHead, Expense, SmallGrant
from budget.tests.factories import BudgetHeadFactory, ExpenseFactory, SmallGrantFactory

READS = {"budget:overview", "budget:expenses"}


@pytest.fixture
def objects(programme, site_a, group_a):
    head = BudgetHeadFactory(programme=programme, name="Travel")
    return {
        "head": head,
        "expense": ExpenseFactory(head=head, site=site_a),
        "grant": SmallGrantFactory(head=head, group=group_a),
    }


def _urls(o) -> dict[str, str]:
    period = f"?period=p{o['head'].programme_id}"
    return {
        "budget:overview": reverse("budget:overview") + period,
        "budget:expenses": reverse("budget:expenses") + period,
        "budget:expense_create": reverse("budget:expense_create") + period,
        "budget:expense_edit": reverse("budget:expense_edit", args=[o["expense"].pk]),
        "budget:expense_delete": reverse("budget:expense_delete", args=[o["expense"].pk]),
        "budget:grant_create": reverse("budget:grant_create") + period,
        "budget:grant_edit": reverse("budget:grant_edit", args=[o["grant"].pk]),
        "budget:grant_delete": reverse("budget:grant_delete", args=[o["grant"].pk]),
        "budget:head_create": reverse("budget:head_create") + period,
        "budget:head_edit": reverse("budget:head_edit", args=[o["head"].pk]),
    }


def _unchanged(o) -> bool:
    return (BudgetHead.objects.count(), Expense.objects.count(), SmallGrant.objects.count()) == (1, 1, 1)


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, objects):
    for name, url in _urls(objects).items():
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    assert _unchanged(objects)


@pytest.mark.parametrize("persona", ["site_contact_a", "facilitator_a", "site_contact_b", "evaluator"])
def test_other_roles_are_refused_everywhere_even_for_their_own_sites_spending(personas, client_for, objects, persona):
    c = client_for(personas[persona])
    for name, url in _urls(objects).items():
        assert c.get(url).status_code == 403, name
        assert c.post(url, {"name": "X", "planned": "1"}).status_code == 403, name
    assert _unchanged(objects)


def test_observers_read_and_get_403_on_every_write(observer, client_for, objects):
    c = client_for(observer)
    for name, url in _urls(objects).items():
        if name in READS:
            assert c.get(url).status_code == 200, name
        assert c.post(url, {"name": "X", "planned": "1", "amount": "1"}).status_code == 403, name
    assert _unchanged(objects)


def test_the_coordinator_reaches_every_page_and_a_missing_record_is_404(coordinator, client_for, objects):
    c = client_for(coordinator)
    for name, url in _urls(objects).items():
        assert c.get(url).status_code == 200, name
    for name in ("budget:expense_edit", "budget:grant_edit", "budget:head_edit", "budget:expense_delete"):
        assert c.get(reverse(name, args=[99999])).status_code == 404, name
