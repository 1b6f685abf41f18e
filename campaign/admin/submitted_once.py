"""Add forms in the admin saved once, however often they are submitted.

Each add form carries a one-time token (a hidden field, `templates/admin/campaign/
change_form.html`). The save records the token (`FormSubmission`, unique) in the transaction that
saves the row, so a second submit of the same form, a double click on 保存, a reload after a
lost answer, or two clicks arriving at once, finds the first submit's row and says so instead
of saving another. A form refused for a bad field keeps its token: corrected, it saves once.
"""

import datetime
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from campaign.models import FormSubmission

SUBMISSION_FIELD = "submission"
# Long enough for any retry; older tokens are removed when a form is saved.
TOKENS_KEPT = datetime.timedelta(days=2)


class AlreadySubmitted(Exception):
    def __init__(self, submission: FormSubmission):
        self.submission = submission


class SubmittedOnceMixin:
    """For a ModelAdmin: its add form saves once per token."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        token = _token(request.POST.get(SUBMISSION_FIELD)) if object_id is None else None
        if request.method == "POST" and token:
            first = FormSubmission.objects.filter(token=token).exclude(object_id="").first()
            if first is not None:
                return self._already_submitted(request, first)
        if object_id is None:
            extra_context = {**(extra_context or {}), SUBMISSION_FIELD: token or uuid.uuid4()}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AlreadySubmitted as second:  # the first submit committed while this one ran
            return self._already_submitted(request, second.submission)

    def save_form(self, request, form, change):
        # The first step of the admin's save, in its transaction (the ModelAdmins' own
        # save_model would shadow a save_model here).
        token = None if change else _token(request.POST.get(SUBMISSION_FIELD))
        if token is not None:
            try:
                with transaction.atomic():
                    FormSubmission.objects.create(
                        token=token, user=request.user, model=self.model._meta.label_lower
                    )
            except IntegrityError:
                raise AlreadySubmitted(FormSubmission.objects.get(token=token)) from None
        return super().save_form(request, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # Still in the save's transaction: the token now names what it saved.
        token = _token(request.POST.get(SUBMISSION_FIELD))
        if token is not None:
            FormSubmission.objects.filter(token=token).update(object_id=str(obj.pk))
            FormSubmission.objects.filter(created_at__lt=timezone.now() - TOKENS_KEPT).delete()
        return super().response_add(request, obj, post_url_continue)

    def _already_submitted(self, request, submission: FormSubmission):
        if submission.user_id != request.user.pk or submission.model != (
            self.model._meta.label_lower
        ):
            return HttpResponseRedirect(request.path)  # another's token: a fresh form
        self.message_user(
            request,
            gettext("This form had already been saved; it was not saved a second time."),
            messages.WARNING,
        )
        info = self.model._meta.app_label, self.model._meta.model_name
        if self.get_queryset(request).filter(pk=submission.object_id).exists():
            url = reverse("admin:{}_{}_change".format(*info), args=[submission.object_id])
        else:
            url = reverse("admin:{}_{}_changelist".format(*info))
        return HttpResponseRedirect(url)


def _token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
