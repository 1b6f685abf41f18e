"""A user's role and organisation: a district admin or organiser belongs to one, in the model and
in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role, User


def test_database_refuses_a_role_that_needs_an_organisation_without_one(tree):
    User.objects.filter(pk=tree.reader.pk).update(organisation=None)  # a reader needs none
    for user in (tree.district_admin, tree.organiser):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=user.pk).update(organisation=None)
        user.refresh_from_db()
        assert user.organisation_id is not None


def test_database_refuses_bulk_creating_an_organiser_without_an_organisation(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username="nobody", role=Role.ORGANISER)])

    assert not User.objects.filter(username="nobody").exists()


def test_an_organiser_without_an_organisation_fails_validation(tree):
    user = User(username="nobody", role=Role.ORGANISER, password="x")

    with pytest.raises(ValidationError) as caught:
        user.full_clean()

    assert set(caught.value.error_dict) == {"organisation"}
    assert caught.value.message_dict["organisation"][0]
