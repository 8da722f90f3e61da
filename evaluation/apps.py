from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "Evaluation and reports"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from evaluation import qualitative

        # The default themes are data the product needs, kept after a flush as the role groups are.
        post_migrate.connect(qualitative.ensure_default_themes_after_migrate, dispatch_uid="evaluation-default-themes")
