from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    verbose_name = "Host sites"

    def ready(self) -> None:
        from sites import health, hooks, timeline

        for check in health.OWN_CHECKS:
            hooks.register_health_check(check)
        hooks.register_timeline_source(timeline.status_source)
        hooks.register_timeline_source(timeline.milestone_source)
