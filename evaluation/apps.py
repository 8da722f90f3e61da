from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "Evaluation and reports"

    def ready(self) -> None:
        from evaluation.hooks import site_rounds_panel
        from sites.hooks import register_site_panels

        register_site_panels(site_rounds_panel)
