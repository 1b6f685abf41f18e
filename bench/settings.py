"""The benchmark's server: the portal's own settings, with a constant view to measure against."""

from campaign.conf.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
