from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """The composition layer: pages and figures that combine the domain apps (docs/architecture.md)."""

    name = "network"
    verbose_name = "The network"
