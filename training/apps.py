from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training, events and budget"

    def ready(self) -> None:
        from groups import hooks as group_hooks
        from sites import hooks as site_hooks
        from training import providers

        group_hooks.register_training_status_provider(providers.training_status)
        site_hooks.register_health_check(providers.refresher_health_check)
        site_hooks.register_timeline_source(providers.timeline)
        site_hooks.register_site_panels(providers.site_panels)
