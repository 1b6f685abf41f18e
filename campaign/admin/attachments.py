"""A session's photos and sign-in sheets, as rows of its form."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from campaign.admin.common import CARDS_TEMPLATE
from campaign.models import SessionAttachment
from campaign.validators import ATTACHMENT_TYPES

# What the file chooser offers: the accepted types and their extensions.
ATTACHMENT_ACCEPT = ",".join(
    [*ATTACHMENT_TYPES, *sorted(ext for _magic, exts in ATTACHMENT_TYPES.values() for ext in exts)]
)


class AttachmentFileInput(forms.ClearableFileInput):
    """Links a stored attachment to its access-checked download, never to a public media URL."""

    template_name = "campaign/widgets/attachment_input.html"


class SessionAttachmentInline(admin.TabularInline):
    """Photos and sign-in sheets. A table row's inputs have no <label> of their own: each gets
    an accessible name, and the file input says before the upload what it takes."""

    model = SessionAttachment
    template = CARDS_TEMPLATE
    fields = ["kind", "file"]
    extra = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = AttachmentFileInput(
                attrs={
                    "accept": ATTACHMENT_ACCEPT,
                    "aria-label": _("File"),
                }
            )
            kwargs["help_text"] = _("A JPEG or PNG photo, or a PDF, of at most 10 MB.")
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "kind" and field is not None:
            field.widget.attrs["aria-label"] = _("Kind of attachment")
        return field
