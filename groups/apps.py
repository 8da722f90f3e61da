from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = "Groups and meetings"

    def ready(self) -> None:
        from groups import signals  # noqa: F401 - signals register on import
