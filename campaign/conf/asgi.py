"""ASGI entry point; like wsgi.py, DEBUG defaults to off."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.conf.settings")
os.environ.setdefault("DEBUG", "0")

application = get_asgi_application()
