from django.forms import ClearableFileInput


class AttachmentFileInput(ClearableFileInput):
    """Links a stored attachment to its access-checked download, never to a public media URL."""

    template_name = "campaign/widgets/attachment_input.html"
