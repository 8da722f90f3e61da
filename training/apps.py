from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Training, events and budget"

    def ready(self) -> None:
        from groups import hooks as group_hooks
        from training import providers

        group_hooks.register_training_status_provider(providers.training_status)
