"""The form a visitor sends an opinion with; every message in Chinese next to its field."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from campaign.feedback.models import CONTACT_MAX_LENGTH, TEXT_MAX_LENGTH, Category

TEXT_MIN_LENGTH = 10


class OpinionForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it?"),
        choices=Category.choices,
        initial=Category.OPINION,
        error_messages={"required": _("Choose what kind of message this is.")},
    )
    text = forms.CharField(
        label=_("Your opinion or complaint"),
        min_length=TEXT_MIN_LENGTH,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            _("{min} to {max} characters. Please leave out other people's personal details."),
            min=TEXT_MIN_LENGTH,
            max=TEXT_MAX_LENGTH,
        ),
        error_messages={
            "required": _("Write your opinion or complaint."),
            "min_length": _(
                "Write at least %(limit_value)d characters (you wrote %(show_value)d)."
            ),
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
        },
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        required=False,
        max_length=CONTACT_MAX_LENGTH,
        help_text=_(
            "A phone number or e-mail address, if you would like to be contacted. Only the "
            "administrators who answer see it."
        ),
        error_messages={
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
        },
    )
    # A field people never see (hidden with the `hidden` attribute) and robots fill in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("The message could not be sent. Please reload the page and try again."),
                code="honeypot",
            )
        return ""
