"""WSGI entry point, used by gunicorn in production.

DEBUG defaults to off here (and on for manage.py): a server started without configuration then
refuses to run without a SECRET_KEY instead of serving debug pages.
"""

import os

from django.core.wsgi import get_wsgi_application

from campaign.conf.bodies import complete_bodies

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.conf.settings")
os.environ.setdefault("DEBUG", "0")

application = complete_bodies(get_wsgi_application())
