"""The backend: one module per entity, each registering its ModelAdmin, and what they share.

- `campaigns`: each campaign's page, its preview, publishing and closing (a folder of its own);
- `organisations`, `sessions` (with `absentees` and `attachments` as rows of a session's form),
  `reflections`, `exemptions`, `reminder_log`: the pages of each entity;
- `common`: yes and no, the date drill-down, people by name, record search, history in words;
- `scoping`: every list, object and choice within the user's reach (`campaign.querysets`);
- `submitted_once`: add forms saved once, however often they are submitted;
- `paginators`: lists of a million rows;
- `starting` (with `starting_forms`): 新建学习教育, a draft campaign from its decision's file, at
  /admin/start-campaign/ (wired in `campaign.conf.urls`, before the admin site's own pages).

Every save goes through `campaign.services`, whose rules the forms ask first so that a refusal
is shown next to its field; import and export come from `campaign.exchange`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campaign.admin import (
    campaigns,
    exemptions,
    organisations,
    reflections,
    reminder_log,
    sessions,
)

admin.site.site_header = _("Learn from Li Bin: campaign backend")
admin.site.site_title = _("Campaign backend")
admin.site.index_title = _("Backend")
# The index and the breadcrumbs lead to the lists; the sidebar beside every page took a
# quarter of a 1280 px screen from them, and the sessions list scrolled sideways.
admin.site.enable_nav_sidebar = False

__all__ = ["campaigns", "exemptions", "organisations", "reflections", "reminder_log", "sessions"]
