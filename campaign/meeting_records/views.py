"""Downloads of meeting records: one session's, and a ZIP of many."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import audit
from accounts.audit.actions import Action
from campaign.meeting_records import names
from campaign.meeting_records.archive import RecordsZipError, records_zip_response
from campaign.meeting_records.filters import RecordsFilterForm
from campaign.meeting_records.word import record_docx, record_sessions
from campaign.models import StudySession
from campaign.permissions import may_see_records

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# never_cache is "private, no-store": a unit's record is never kept by a browser or a proxy.
@never_cache
@login_required
def session_record(request, pk: int):
    """The meeting record of one session, to those who can see the session; anyone else 404."""
    session = get_object_or_404(
        record_sessions(StudySession.objects.visible_to(request.user)), pk=pk
    )
    audit.record(request, Action.DOWNLOAD, target="meeting_record.docx", rows=1, session=session.pk)
    response = HttpResponse(record_docx(session, photos=True), content_type=DOCX)
    response["Content-Disposition"] = names.attachment_disposition(
        names.record_filename(session), names.record_fallback(session)
    )
    return response


@never_cache
@login_required
def session_records(request):
    """A ZIP of the meeting records of the sessions the query string picks (RecordsFilterForm)
    within the user's reach. Filters that cannot be read, no session or too many: back to the
    page the link was on (or the sessions' list), with a message that says why."""
    if not may_see_records(request.user):
        raise PermissionDenied(_("Meeting records are for unit organisers and administrators."))
    form = RecordsFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            for error in errors:
                messages.error(request, f"{field.label}：{error}" if field else error)
        return _back(request)
    sessions = form.filter(StudySession.objects.visible_to(request.user))
    try:
        return records_zip_response(sessions, names.zip_filename(timezone.localdate()))
    except RecordsZipError as error:
        messages.error(request, str(error))
        return _back(request)


def _back(request) -> HttpResponseRedirect:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(referer)
    return HttpResponseRedirect(reverse("admin:campaign_studysession_changelist"))


# Inside WeChat no file is made: a page says to open the link in the system browser
# (campaign.conf.middleware.WeChatDownloadMiddleware).
session_record.is_download = True
session_records.is_download = True
