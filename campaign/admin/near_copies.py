"""“Submit anyway?”: a reflection whose text is nearly that of another on the same session is
saved only once its writer confirms it (a box that appears beside the message). Reviewers see
the same likeness later (`campaign.similar`); asking first spares a copy submitted by mistake."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaign.similar import alike_on_session

CONFIRM_FIELD = "submit_anyway"


class NearCopyCheckMixin(forms.Form):
    """For the reflection's ModelForm (with `user`): the confirmation box, hidden until asked."""

    submit_anyway = forms.BooleanField(
        label=_("Submit anyway"), required=False, widget=forms.HiddenInput
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(CONFIRM_FIELD) or self.errors:
            return cleaned
        alike = alike_on_session(
            cleaned.get("body") or "", cleaned.get("session"), self.user, exclude=self.instance.pk
        )
        if alike:
            nearest = alike[0]
            self.fields[CONFIRM_FIELD].widget = forms.CheckboxInput()
            self.fields[CONFIRM_FIELD].help_text = _(
                "Tick the box and save again if this is not the same reflection entered twice."
            )
            raise ValidationError(
                {
                    "body": gettext(
                        "This session already has a reflection with nearly the same text: "
                        "“%(title)s” by %(author)s (%(percent)d%% alike). Submit anyway?"
                    )
                    % {
                        "title": nearest.title,
                        "author": nearest.author or "—",
                        "percent": nearest.percent,
                    }
                }
            )
        return cleaned
