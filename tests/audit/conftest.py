"""The audit admin beside the tree's roles, and a reader of the entries of one action."""

import pytest

from accounts.audit.models import AuditEvent
from accounts.models import Role
from tests.factories import UserFactory


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.AUDIT_ADMIN)


def entries(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))
