"""The campaign's pages outside the admin and the reports: attachment downloads."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from accounts import audit
from accounts.audit.actions import Action
from campaign.models import SessionAttachment

logger = logging.getLogger(__name__)

# Images are shown in the browser; anything else (a PDF, which may carry scripts) is downloaded.
INLINE_TYPES = {"image/jpeg", "image/png"}


@login_required
def attachment(request, pk: int):
    """An attachment, to those who can see its session; anyone else gets 404.

    An image is shown inline under `sandbox` (no script, no form, no same-origin access even if
    a browser took it for something else); every other type is sent as a download."""
    item = get_object_or_404(SessionAttachment.objects.visible_to(request.user), pk=pk)
    try:
        content = item.file.open("rb")
    except FileNotFoundError:
        # A server without the shared media folder, or a database restored without its files.
        logger.error("Attachment %s: its file %s is missing from the media storage", pk, item.file)
        return render(request, "campaign/attachment_missing.html", {"item": item}, status=404)
    # A sign-in sheet names the people who came: who opened it is in the audit trail.
    audit.record(
        request, Action.DOWNLOAD, target=item.original_name, session=item.session_id, rows=1
    )
    response = FileResponse(
        content,
        content_type=item.content_type,
        filename=item.original_name,
        as_attachment=item.content_type not in INLINE_TYPES,
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
