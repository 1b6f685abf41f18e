"""The private methods of django-import-export that `campaign.exchange.private_hooks` overrides
are still there, with the arguments it passes: an upgrade that changes them fails here, not
silently in an export."""

import inspect
from importlib.metadata import version

from import_export.admin import ExportMixin

from campaign.exchange.private_hooks import WRITTEN_FOR, ChineseFileNameMixin


def test_the_library_is_the_version_the_hooks_were_written_for():
    assert version("django-import-export") == WRITTEN_FOR, (
        "django-import-export was upgraded: check campaign/exchange/private_hooks.py against the "
        "new version, then update WRITTEN_FOR."
    )


def test_each_overridden_private_method_still_exists_with_the_same_arguments():
    for name, method in vars(ChineseFileNameMixin).items():
        if not name.startswith("_") or name.startswith("__"):
            continue
        library = getattr(ExportMixin, name, None)
        assert library is not None, f"{name} is gone from the library"
        assert inspect.signature(library) == inspect.signature(method), name
