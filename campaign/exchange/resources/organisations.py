"""The organisations file: units keyed by their code; the parent by its code."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from campaign import services
from campaign.choices import DISTRICT_NAMES, District, OrganisationKind
from campaign.exchange.resources.scoped import ScopedResource
from campaign.exchange.widgets import (
    ChoiceWidget,
    OrganisationWidget,
    TextWidget,
    YesNoWidget,
    is_empty,
    unit_code,
)
from campaign.models import Organisation
from campaign.permissions import may_move, move_refused

# Besides 黄浦, a district may be written as it is in full: 黄浦区.
DISTRICT_ALIASES = {name: district for district, name in DISTRICT_NAMES.items()}
# The fields that say where an organisation sits in the tree.
TREE_PLACE_FIELDS = ("parent", "district")


class OrganisationResource(ScopedResource):
    """Organisations keyed by their code; the parent by its code."""

    clean_exclude = ("path", "depth")
    required = ("code", "name", "kind", "district")
    export_select_related = ("parent",)

    code = Field(attribute="code", column_name=_("unit code"), widget=TextWidget(required=True))
    name = Field(attribute="name", column_name=_("unit name"), widget=TextWidget(required=True))
    kind = Field(
        attribute="kind",
        column_name=_("kind"),
        widget=ChoiceWidget(OrganisationKind, required=True),
    )
    district = Field(
        attribute="district",
        column_name=_("district"),
        widget=ChoiceWidget(District, aliases=DISTRICT_ALIASES, required=True),
    )
    parent = Field(
        attribute="parent", column_name=_("parent unit code"), widget=OrganisationWidget()
    )
    is_active = Field(
        attribute="is_active", column_name=_("active"), widget=YesNoWidget(), default=True
    )

    class Meta:
        model = Organisation
        name = _("organisations")
        fields = ("code", "name", "kind", "district", "parent", "is_active")
        import_id_fields = ("code",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def scoped(self, queryset):
        return super().scoped(queryset).select_related("parent")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in TREE_PLACE_FIELDS and not may_move(self.user, instance):
            # Where this unit sits is not the user's to change (their own district body, whose
            # parent is out of their reach): the cell is compared, not looked up.
            if field.column_name in row and self._moves(field, instance, row):
                raise ValueError(move_refused(instance))
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def _moves(self, field, instance, row) -> bool:
        if field.attribute == "parent":
            cell = row[field.column_name]
            return ("" if is_empty(cell) else unit_code(cell)) != instance.parent.code
        return field.clean(row) != instance.district

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        try:
            services.organisation_check(instance, by=self.user)  # the rules of who writes
        except ValidationError as error:
            raise self.by_column(error) from None

    def save_instance(self, instance, is_create, row, **kwargs):
        services.organisation_save(instance, by=self.user)  # as a save in the admin
