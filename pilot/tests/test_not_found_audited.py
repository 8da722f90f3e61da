"""Every 404 the access matrix expects for a record outside the user's scope leaves an audit entry."""

from __future__ import annotations

import pytest

from pilot.access_matrix import ACCESS, PERSONAS
from pilot.models import AuditEntry
from pilot.tests.test_access_matrix import _client, _code, _url

NOT_FOUND_CELLS = sorted(
    (name, method, who)
    for name, rule in ACCESS.items()
    for method, row in (("get", rule.get), ("post", rule.post))
    if row
    for who, code in rule.cells(row).items()
    if code == "NF"
)


def test_there_are_out_of_scope_cells_to_check():
    assert len(NOT_FOUND_CELLS) > 30
    assert {who for _, _, who in NOT_FOUND_CELLS} >= {"site_contact_b", "facilitator_b"}
    assert set(PERSONAS) >= {who for _, _, who in NOT_FOUND_CELLS}


@pytest.mark.parametrize(("name", "method", "who"), NOT_FOUND_CELLS)
def test_an_out_of_scope_404_is_audited(name, method, who, personas, world):
    before = AuditEntry.objects.filter(action="not_found").count()
    client = _client(personas, who)
    url = _url(name, world)
    response = getattr(client, method)(url, ACCESS[name].query if method == "get" else {})
    assert _code(response) == "NF"
    entry = AuditEntry.objects.filter(action="not_found").order_by("-pk").first()
    assert AuditEntry.objects.filter(action="not_found").count() == before + 1, f"{method.upper()} {url} as {who}"
    assert entry.actor == personas[who]
