"""The backend's campaign page as a campaign admin posts it: what the page shows, with changes."""

import datetime

from django.urls import reverse

NAMES = {
    "change": "documents_campaign_change",
    "history": "documents_campaign_history",
    "publish": "documents_publish",
    "close": "documents_close",
}


def page_url(campaign, view: str = "change") -> str:
    return reverse(f"admin:{NAMES[view]}", args=[campaign.pk])


def posted(response, *, points: dict[int, str] | None = None, texts=None, facts=None, **fields):
    """The page's forms as shown (`response`), with `fields` of the campaign changed, the
    paragraphs `points` marks ({number: short name}; None keeps what is shown), texts
    corrected ({number: text}) and the profile's `facts` [(kind, text)] (None: as shown)."""
    context = response.context
    data = {}
    form = context["form"]
    for name in form.fields:
        value = fields.get(name, form[name].value())
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif value is None:
            data[name] = ""
        else:
            data[name] = value
    paragraphs = context["paragraphs"]
    data.update(_management(paragraphs, "paragraphs"))
    for index, row in enumerate(paragraphs.forms):
        number = index + 1
        text = (texts or {}).get(number, row["text"].value())
        data[f"paragraphs-{index}-text"] = text
        if points is None:
            marked, name = row["states_point"].value(), row["short_name"].value() or ""
        else:
            marked, name = number in points, points.get(number, "")
        if marked:
            data[f"paragraphs-{index}-states_point"] = "on"
        data[f"paragraphs-{index}-short_name"] = name
    if facts is None:
        facts = [(fact["kind"], fact["text"]) for fact in context["facts"].initial or []]
    data.update(
        {
            "facts-TOTAL_FORMS": str(len(facts)),
            "facts-INITIAL_FORMS": "0",
            "facts-MIN_NUM_FORMS": "0",
            "facts-MAX_NUM_FORMS": "100",
        }
    )
    for index, (kind, text) in enumerate(facts):
        data[f"facts-{index}-kind"] = kind
        data[f"facts-{index}-text"] = text
    return data


def _management(formset, prefix: str) -> dict:
    form = formset.management_form
    return {f"{prefix}-{name}": form[name].value() for name in form.fields}
