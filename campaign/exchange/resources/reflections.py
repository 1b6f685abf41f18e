"""The reflections file: for export only (reflections are written and reviewed in the portal)."""

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateTimeWidget

from campaign.choices import ReflectionStatus
from campaign.exchange.resources.scoped import UnitRecordResource
from campaign.exchange.widgets import ChoiceWidget, OrganisationWidget, YesNoWidget
from campaign.models import Reflection


class ReflectionResource(UnitRecordResource):
    """Reflections, for export only (they are written and reviewed in the portal)."""

    export_select_related = ("organisation", "point")

    organisation = Field(
        attribute="organisation",
        column_name=_("unit code"),
        widget=OrganisationWidget(),
        readonly=True,
    )
    point = Field(attribute="point__short_name", column_name=_("learning point"), readonly=True)
    session = Field(attribute="session_id", column_name=_("session ID"), readonly=True)
    title = Field(attribute="title", column_name=_("title"), readonly=True)
    author_name = Field(attribute="author_name", column_name=_("author"), readonly=True)
    author_position = Field(
        attribute="author_position", column_name=_("author's position"), readonly=True
    )
    body = Field(attribute="body", column_name=_("text"), readonly=True)
    status = Field(
        attribute="status",
        column_name=_("status"),
        widget=ChoiceWidget(ReflectionStatus),
        readonly=True,
    )
    public_consent = Field(
        attribute="public_consent",
        column_name=_("author agrees to public display"),
        widget=YesNoWidget(),
        readonly=True,
    )
    created_at = Field(
        attribute="created_at",
        column_name=_("recorded at"),
        widget=DateTimeWidget(format="%Y-%m-%d %H:%M"),
        readonly=True,
    )

    class Meta:
        model = Reflection
        name = _("reflections")
        fields = (
            "organisation",
            "organisation_name",
            "district",
            "point",
            "session",
            "title",
            "author_name",
            "author_position",
            "body",
            "status",
            "public_consent",
            "created_at",
        )
