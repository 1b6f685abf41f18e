"""The demo data set that `make run` loads: a few accounts to sign in with.

Idempotent: running it again finds what exists and creates nothing twice. Passwords are set only
when an account is created, so a password changed by hand survives.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User

DEMO_PASSWORD = "demo-2019-lb"  # noqa: S105  (printed for local development only)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    email: str
    description: str
    is_staff: bool = False
    is_superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("admin", "admin@example.com", "campaign admin", is_staff=True, is_superuser=True),
    DemoAccount("reader", "reader@example.com", "reader (signed-in staff, no backend)"),
]


@transaction.atomic
def demo_load() -> list[tuple[DemoAccount, bool]]:
    """Create the demo accounts that are missing; return each with whether it was created."""
    results = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "email": account.email,
                "is_staff": account.is_staff,
                "is_superuser": account.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        results.append((account, created))
    return results
