"""One cell to a value and back, on django-import-export's own widgets.

A cell is read as people type it into Excel (a count as 20 or 20.0, a date as a date cell, a
serial number or text, a choice by its label in either language) and a bad one is refused with
a message that says why, in the user's language. `required=True` makes an empty cell an error.
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import widgets

from campaign.exchange.escaping import unescape_formula
from campaign.exchange.point_cells import PointCells, write_cell
from campaign.models import Organisation
from documents.models import Campaign, LearningPoint

# Values looked up in one query (SQLite takes at most 32,766 parameters).
LOOKUP_CHUNK = 5000


def in_every_language(label) -> set[str]:
    """A lazy label as it reads in each of the site's languages (files travel between users)."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(label))
    return names


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unit_code(value) -> str:
    """A unit's code as written in a cell (a number-like code comes back from Excel as 20.0)."""
    return unescape_formula(str(whole(value)).strip())


def shown(value, limit: int = 40) -> str:
    """A cell's value as an error message quotes it: never more than `limit` characters (a file
    with a 100 MB cell must not become a 100 MB error page)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def whole(value):
    """A number typed into a text cell comes back from Excel as 20.0: read it as 20."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class Cell:
    """Mixed into a library widget: an empty cell is an error when `required`."""

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required

    def empty(self):
        if self.required:
            raise ValueError(gettext("This cell cannot be empty."))
        return None


class TextWidget(Cell, widgets.CharWidget):
    """Text as written, trimmed like a form field, with the formula guard taken off."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            self.empty()
            return ""
        text = unescape_formula(str(whole(value)).strip())
        return text.replace("\r\n", "\n").replace("\r", "\n")


class CountWidget(Cell, widgets.IntegerWidget):
    """A whole number of people (or an id): not negative, not a fraction."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return self.empty()
        number = whole(value)
        if isinstance(number, str):
            try:
                number = int(number.strip())
            except ValueError:
                number = None
        if isinstance(number, bool) or not isinstance(number, int):
            raise ValueError(
                gettext("“%(value)s” is not a whole number.") % {"value": shown(value)}
            )
        if number < 0:
            raise ValueError(gettext("The number cannot be negative."))
        return number


class DateWidget(Cell, widgets.DateWidget):
    """A date cell or serial from Excel, or text as YYYY-MM-DD (also YYYY/MM/DD, YYYY年MM月DD日);
    written as YYYY-MM-DD."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S")

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return self.empty()
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, int | float) and not isinstance(value, bool):
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value).date()
            except (ValueError, OverflowError, AttributeError):
                pass
        else:
            try:
                return self._parse_value(str(value).strip(), datetime.date)
            except ValueError:
                pass
        raise ValueError(
            gettext("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2019-04-03.")
            % {"value": shown(value)}
        )


class ChoiceWidget(Cell, widgets.Widget):
    """A choice by its label (in any of the site's languages) or stored value; written as label."""

    def __init__(self, choices, *, aliases: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.aliases = aliases or {}
        self._lookup = None

    def lookup(self) -> dict[str, object]:
        if self._lookup is None:
            lookup = {str(value): value for value in self.choices.values}
            for value, label in zip(self.choices.values, self.choices.labels, strict=True):
                for name in in_every_language(label):
                    lookup[name] = value
                    lookup[name.casefold()] = value
            lookup.update(self.aliases)
            self._lookup = lookup
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return self.empty()
        text = str(whole(value)).strip()
        lookup = self.lookup()
        if text in lookup:
            return lookup[text]
        if text.casefold() in lookup:
            return lookup[text.casefold()]
        raise ValueError(
            gettext("“%(value)s” is not one of the choices: %(choices)s.")
            % {
                "value": shown(value),
                "choices": "、".join(str(label) for label in self.choices.labels),
            }
        )

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value)


class YesNoWidget(Cell, widgets.BooleanWidget):
    """是/否 (Yes/No in English), also 1/0 and true/false."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return self.empty()
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        yes = {"1", "true", "y", "yes", *(n.casefold() for n in in_every_language(_("Yes")))}
        no = {"0", "false", "n", "no", *(n.casefold() for n in in_every_language(_("No")))}
        if text in yes:
            return True
        if text in no:
            return False
        raise ValueError(
            gettext("“%(value)s” is neither “%(yes)s” nor “%(no)s”.")
            % {"value": shown(value), "yes": gettext("Yes"), "no": gettext("No")}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return gettext("Yes") if value else gettext("No")


class OrganisationWidget(Cell, widgets.ForeignKeyWidget):
    """A unit by its code, looked up among the units within reach of the importing user (the
    `user` the admin passes to `clean`): a file can name no other."""

    def __init__(self, **kwargs):
        super().__init__(Organisation, field="code", **kwargs)

    def get_queryset(self, value, row, *args, user=None, **kwargs):
        if user is None:
            return Organisation.objects.none()
        return Organisation.objects.visible_to(user)

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return self.empty()
        code = unit_code(value)
        try:
            return super().clean(code, row, **kwargs)
        except Organisation.DoesNotExist:
            # The same words whether the unit is another district's or does not exist: an
            # import must not tell which codes exist elsewhere, nor their names.
            raise ValueError(
                gettext("No unit within your reach has the code “%(code)s”.")
                % {"code": shown(code)}
            ) from None


class FileOrganisationWidget(OrganisationWidget):
    """For session files, where thousands of rows name a few hundred units: the units the file
    names are looked up together, once (`preload`), rather than row by row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: The units within the user's reach that the file names, by code, once preloaded.
        self.units: dict[str, Organisation] | None = None

    def preload(self, values, *, user) -> None:
        codes = sorted({unit_code(value) for value in values if not is_empty(value)})
        units = self.get_queryset(None, None, user=user)
        self.units = {}
        for start in range(0, len(codes), LOOKUP_CHUNK):
            found = units.filter(code__in=codes[start : start + LOOKUP_CHUNK])
            self.units.update((unit.code, unit) for unit in found)

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        if self.units is None:  # not preloaded: one lookup
            return super().get_instance_by_lookup_fields(value, row, **kwargs)
        unit = self.units.get(value)
        if unit is None:
            raise Organisation.DoesNotExist
        return unit


class LearningPointsWidget(widgets.ManyToManyWidget):
    """Learning points named by campaign: 向李斌同志学习：政治品格、敬业精神；示例学习活动：2
    (`point_cells`). A file's import gives the widget its campaigns and points once (`cells`,
    and the row's unit, date and stored points to `clean`); otherwise they are read on first
    use."""

    def __init__(self, **kwargs):
        super().__init__(LearningPoint, **kwargs)
        self.cells: PointCells | None = None
        self._campaigns: dict[int, Campaign] | None = None

    def clean(self, value, row=None, *, unit=None, day=None, kept=(), **kwargs):
        if is_empty(value):
            return []
        if self.cells is None:
            self.cells = PointCells.load()
        return self.cells.read(str(whole(value)), unit=unit, day=day, kept=kept)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if self._campaigns is None:  # once per export
            self._campaigns = {c.document_id: c for c in Campaign.objects.all()}
        return write_cell(value.all(), self._campaigns)
