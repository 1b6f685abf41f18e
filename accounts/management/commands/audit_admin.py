"""`manage.py audit_admin USERNAME`: make an audit admin (审计管理员), or set a new password for one,
or `--deactivate` one. Audit admins are made here, on the server, never in the backend: the
administrators the trail watches can neither make one nor take one over (separation of system
and audit administration). Each run is in the trail (by the system)."""

import getpass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import audit
from accounts.audit.actions import Action
from accounts.models import Role, User


class Command(BaseCommand):
    help = "Create an audit admin, give one a new password, or deactivate one."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--deactivate", action="store_true")

    @transaction.atomic
    def handle(self, *args, username, email, deactivate, **options):
        user = User.objects.filter(username=username).first()
        if user is not None and user.role != Role.AUDIT_ADMIN:
            raise CommandError(f"{username} exists and is not an audit admin.")
        if deactivate:
            if user is None:
                raise CommandError(f"No audit admin {username}.")
            user.is_active = False
            user.save()
            self.stdout.write(f"Deactivated audit admin {username}.")
            return
        user = user or User(username=username, email=email, role=Role.AUDIT_ADMIN)
        password = self._password(user)
        created = user.pk is None
        user.set_password(password)
        user.is_active = True
        user.save()
        if not created:
            audit.record(None, Action.PASSWORD_CHANGE, user=None, target=username)
        self.stdout.write(f"{'Created' if created else 'New password for'} audit admin {username}.")

    def _password(self, user) -> str:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
