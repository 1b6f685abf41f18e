import os

import pytest
from django.conf import settings

from documents.loader import load_decision
from documents.models import Document

# pytest-playwright drives the browser from an event loop while the live server runs Django code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    # The manifest storage needs `collectstatic`; tests (and the live server) use the plain one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def decision(db) -> Document:
    load_decision()
    return Document.objects.get()
