import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from network.accounts import user_create_with_role
from pilot.roles import Role


class Command(BaseCommand):
    help = "Create a login with one role; site contacts and facilitators are scoped to a host site."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--site", help="host site slug (site contacts and facilitators)")
        parser.add_argument("--group", type=int, action="append", default=[], help="group id a facilitator runs")
        parser.add_argument("--password", help="a password; one is generated and printed when omitted")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--email", default="")

    def handle(self, *args, **options):
        password = options["password"]
        generated = False
        if not password:
            password = secrets.token_urlsafe(12)
            generated = True
        else:
            try:
                password_validation.validate_password(password)
            except ValidationError as exc:
                raise CommandError("password: " + " ".join(exc.messages)) from exc
        try:
            user = user_create_with_role(
                username=options["username"],
                role=Role(options["role"]),
                password=password,
                site_slug=options["site"],
                group_ids=options["group"],
                first_name=options["first_name"],
                email=options["email"],
            )
        except ValidationError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.message_dict.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {user.username} ({Role(options['role']).label})."))
        if generated:
            self.stdout.write(f"Password: {password}")
