from django.apps import AppConfig


class PilotConfig(AppConfig):
    name = "pilot"
    verbose_name = "Pilot network"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from pilot import roles, signals  # noqa: F401 - connects the audit receivers

        # Every app's permissions exist once the last of them has migrated.
        post_migrate.connect(roles.sync_role_groups_after_migrate, dispatch_uid="pilot-sync-roles")
