from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Learn from Li Bin: campaign backend")
admin.site.site_title = _("Campaign backend")
admin.site.index_title = _("Backend")
