"""The campaign's pages outside the admin and the reports: attachment downloads."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from campaign.models import SessionAttachment


@login_required
def attachment(request, pk: int):
    """An attachment, to those who can see its session; anyone else gets 404."""
    item = get_object_or_404(SessionAttachment.objects.visible_to(request.user), pk=pk)
    return FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        filename=item.original_name,
        as_attachment=False,
    )
