"""The network's pages use the sites app's fixtures (a site with its history)."""

from sites.tests.conftest import active_site_a  # noqa: F401 - a fixture shared with the sites tests
