"""The one place that overrides a private method of django-import-export, where the library has
no public hook for what the portal needs. A library upgrade may rename or reshape these without
notice: `tests/campaign/exchange/test_private_hooks.py` fails on any other version than the one
they were written against, so whoever upgrades reads this module first.
"""

from django.utils.http import content_disposition_header

#: The version of django-import-export these overrides were written against (requirements.txt).
WRITTEN_FOR = "4.4.3"


class ChineseFileNameMixin:
    """Exports named in Chinese (学习活动-20261125.xlsx). The library writes the file name into
    `Content-Disposition` as plain ASCII, and the header is set inside the private
    `_do_file_export`, after the last public hook; RFC 6266's form carries any name."""

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form)
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format)
        )
        return response
