"""`/healthz`: 200 while the database answers, 503 when it does not."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

PROJECT = Path(__file__).resolve().parents[3]


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real unreachable database: PostgreSQL on a port where nothing listens.
    script = (
        "import django; django.setup();"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        "from django.test import Client;"
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "campaign.conf.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT, env=env, capture_output=True, text=True
    )

    assert result.stdout.strip() == "503 database unavailable", result.stderr
