"""Reading a form as the admin renders it: which field an error sits on, and its codes.

Messages are translated, so tests look at the field an error sits on and its code, and read the
words only where the words are the point.
"""

from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.http import HttpResponse


class _FieldErrors(HTMLParser):
    """Whether an element whose class names `field-NAME` holds an error list."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, name: str):
        super().__init__()
        self.token = f"field-{name}"
        self.depth = 0
        self.with_errors = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag == "ul" and "errorlist" in classes:
                self.with_errors[-1] = True
            if tag not in self.VOID:
                self.depth += 1
        elif self.token in classes and tag not in self.VOID:
            self.depth = 1
            self.with_errors.append(False)

    def handle_endtag(self, tag):
        if self.depth and tag not in self.VOID:
            self.depth -= 1


def shows_error_in_row(response, name: str) -> bool:
    """Whether the admin page shows an error in the row of field `name`."""
    parser = _FieldErrors(name)
    parser.feed(response.content.decode())
    return any(parser.with_errors)


def codes(error: ValidationError, field: str) -> list:
    return [item.code for item in error.error_dict[field]]


def form_codes(form, field: str) -> list:
    return [item.code for item in form.errors.as_data()[field]]


def admin_form(response):
    """The admin's form, shown again with its errors."""
    assert response.status_code == 200, "the form should be shown again"
    return response.context["adminform"].form


def attachment_form(response):
    """The first attachment form of a session's page, shown again with its errors."""
    assert response.status_code == 200, "the form should be shown again"
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "attachments"
    ]
    return formset.forms[0]


def form_errors(response: HttpResponse) -> str:
    """The admin form's errors, to explain an unexpected 200 on a POST."""
    context = getattr(response, "context", None)
    if context and "errors" in context:
        return repr(list(context["errors"]))
    return ""
