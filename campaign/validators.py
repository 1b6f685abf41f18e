"""Field rules with messages in the user's language (Chinese by default)."""

import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The decision's date: the campaign's calendar (sessions, reports, the date drill-down) starts here.
CAMPAIGN_START = datetime.date(2019, 4, 3)

# What a file's first bytes must be for each accepted type, and the extensions that may name it.
ATTACHMENT_TYPES = {
    "image/jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
    "image/png": (b"\x89PNG\r\n\x1a\n", {".png"}),
    "application/pdf": (b"%PDF-", {".pdf"}),
}


def validate_not_in_future(value) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")


def validate_in_campaign(value) -> None:
    """A study session of the campaign is held on or after the day the decision was issued."""
    if value < CAMPAIGN_START:
        raise ValidationError(
            _("The campaign began on %(start)s: a session cannot be earlier."),
            code="before_campaign",
            params={"start": f"{CAMPAIGN_START:%Y-%m-%d}"},
        )


def sniff_content_type(file) -> str | None:
    """The accepted type the file's content starts with, or None."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    for content_type, (magic, _extensions) in ATTACHMENT_TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def validate_attachment(file) -> None:
    """JPEG, PNG or PDF by content, named with a matching extension, at most 10 MB."""
    if file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; attachments may be at most 10 MB."),
            code="too_large",
            params={"size": file.size / 1024 / 1024},
        )
    content_type = sniff_content_type(file)
    if content_type is None:
        raise ValidationError(
            _("Only JPEG or PNG photos and PDF files can be attached; this file is neither."),
            code="bad_content",
        )
    extension = PurePath(file.name).suffix.lower()
    if extension not in ATTACHMENT_TYPES[content_type][1]:
        raise ValidationError(
            _("The file name ends in “%(extension)s” but the file is a %(kind)s."),
            code="extension_mismatch",
            params={"extension": extension or "—", "kind": content_type.split("/")[1].upper()},
        )


@deconstructible
class MinCharactersValidator:
    """At least `minimum` characters, whitespace not counted, so Chinese text counts fairly."""

    code = "too_short"

    def __init__(self, minimum: int):
        self.minimum = minimum

    def __call__(self, value: str) -> None:
        count = len("".join(value.split()))
        if count < self.minimum:
            raise ValidationError(
                ngettext_lazy(
                    "Write at least %(minimum)d character (not counting spaces); this has %(count)d.",
                    "Write at least %(minimum)d characters (not counting spaces); this has %(count)d.",
                    "minimum",
                ),
                code=self.code,
                params={"minimum": self.minimum, "count": count},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MinCharactersValidator) and other.minimum == self.minimum


class PeriodFormMixin:
    """A filter form's `start` and `end`: the end may not come before the start (said at end)."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return cleaned
