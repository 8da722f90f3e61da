"""No page offers a link or a button that would answer 403 to the person looking at it.

For each persona, every page the access matrix serves them is fetched; every same-site link on it
is followed (GET) and every form that writes is sent empty (POST, rolled back afterwards). None may
answer 403: a link or button the role cannot use must not be shown to that role.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.db import transaction

from pilot.access_matrix import ACCESS, PERSONAS
from pilot.tests.test_access_matrix import _client, _url

SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/")
SKIPPED_NAMES = {"logout"}  # signing out from a page is tested elsewhere and ends the session


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.gets: set[str] = set()
        self.posts: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.gets.add(attrs["href"])
        elif tag == "form":
            target = attrs.get("hx-post") or attrs.get("action") or ""
            (self.posts if (attrs.get("method") or "get").lower() == "post" else self.gets).add(target)


def _same_site(page_url: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    url, _ = urldefrag(urljoin(page_url, href))
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _body(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _pages(world, who):
    for name, rule in sorted(ACCESS.items()):
        if name in SKIPPED_NAMES or rule.cells(rule.get)[who] != "OK":
            continue
        url = _url(name, world)
        if rule.query:
            url += "?" + "&".join(f"{k}={v}" for k, v in rule.query.items())
        yield name, url


@pytest.mark.parametrize("who", PERSONAS)
def test_no_page_links_to_a_page_this_role_may_not_use(who, personas, world):
    client = _client(personas, who)
    gets: dict[str, str] = {}  # link -> the page it was found on
    posts: dict[str, str] = {}
    pages = dict(_pages(world, who))
    assert pages, who
    for name, url in pages.items():
        response = client.get(url)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(_body(response))
        for href in parser.gets:
            link = _same_site(url, href)
            if link and link != "/accounts/logout/":
                gets.setdefault(link, name)
        for href in parser.posts:
            link = _same_site(url, href)
            if link and link != "/accounts/logout/":
                posts.setdefault(link, name)

    refused = []
    for link, found_on in sorted(gets.items()):
        if client.get(link).status_code == 403:
            refused.append(f"GET {link} (linked from {found_on})")
    for link, found_on in sorted(posts.items()):
        with transaction.atomic():
            status = client.post(link, {}).status_code
            transaction.set_rollback(True)
        if status == 403:
            refused.append(f"POST {link} (a form on {found_on})")
    assert len(gets) > 5
    assert not refused, f"{who} is shown links and buttons that answer 403:\n" + "\n".join(refused)
