import time
import uuid

from django.core.management.base import BaseCommand, CommandError

from pilot.models import WorkerHeartbeat
from pilot.tasks import health


class Command(BaseCommand):
    help = "Send the health task through the configured broker and wait until a worker has run it."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60, help="seconds to wait (default 60)")

    def handle(self, *args, **options):
        token = uuid.uuid4().hex
        try:
            health.delay(token)
        except Exception as exc:  # the broker refused: say so plainly
            raise CommandError(f"Could not reach the broker: {exc}") from exc
        deadline = time.monotonic() + options["timeout"]
        while time.monotonic() < deadline:
            beat = WorkerHeartbeat.objects.filter(token=token).first()
            if beat:
                self.stdout.write(self.style.SUCCESS(f"Worker {beat.hostname} ran the health task."))
                return
            time.sleep(0.5)
        raise CommandError(f"No worker ran the health task within {options['timeout']:.0f} seconds.")
