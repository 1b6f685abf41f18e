"""The organisations of the campaign: a tree of city bodies, district bodies and their units."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from campaign.choices import District, OrganisationKind, one_of
from campaign.querysets import OrganisationQuerySet

MAX_DEPTH = 4


def unit_district() -> models.PositiveSmallIntegerField:
    """The district of a row's unit, copied onto its sessions and reflections by
    campaign/services on every write and every move: a district admin's lists filter and
    order by it in one index, where a join to a hundred thousand units would read every row
    before a deep page. Derived data: never edited, kept out of the history."""
    return models.PositiveSmallIntegerField(_("district"), choices=District.choices, editable=False)


class Organisation(models.Model):
    """A unit in the campaign's tree: a city body → a district body → its units (depth ≤ 4).

    `path` is a materialised path of primary keys ("/3/57/912/"), so "this unit and everything
    under it" is one indexed prefix match at any size; `save` keeps it and `depth` up to date.
    """

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
                _("Use letters, digits, “-”, “_” or “.”, starting with a letter or digit."),
            )
        ],
        help_text=_("A stable code, used by imports."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    district = models.PositiveSmallIntegerField(_("district"), choices=District.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["district", "path"]
        permissions = [
            ("import_organisation", _("Can import organisations")),
            ("export_organisation", _("Can export organisations")),
        ]
        indexes = [models.Index(fields=["district", "kind"], name="organisation_district_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=MAX_DEPTH),
                name="organisation_depth_1_to_4",
            ),
            models.CheckConstraint(
                condition=one_of("kind", OrganisationKind), name="organisation_kind_choice"
            ),
            models.CheckConstraint(
                condition=one_of("district", District), name="organisation_district_choice"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"parent", "district"} & set(update_fields):
            return super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        with transaction.atomic():
            if self._state.adding:
                super().save(*args, **kwargs)
                self.path = f"{parent_path}{self.pk}/"
                Organisation.objects.filter(pk=self.pk).update(path=self.path)
                return None
            old_path = self.path
            old_depth = old_path.count("/") - 1
            self.path = f"{parent_path}{self.pk}/"
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "path", "depth"}
            super().save(*args, **kwargs)
            below = Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk)
            if old_path and old_path != self.path:
                # Move the whole subtree in one statement.
                below.update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (self.depth - old_depth),
                )
            if self.district != District.CITY:
                # Units under a district body are in its district, wherever it moves.
                Organisation.objects.within(self).exclude(district=self.district).update(
                    district=self.district
                )
        return None

    def clean(self) -> None:
        if self.parent_id is None:
            return
        parent = self.parent
        if self.pk and parent.path.startswith(self.path):
            raise ValidationError(
                {"parent": _("An organisation cannot be placed under itself or its own units.")}
            )
        below = 0
        if self.pk:
            deepest = Organisation.objects.within(self).aggregate(deepest=Max("depth"))["deepest"]
            below = (deepest or self.depth) - self.depth
        if parent.depth + 1 + below > MAX_DEPTH:
            raise ValidationError(
                {"parent": _("The tree may be at most %(max)d levels deep.") % {"max": MAX_DEPTH}}
            )
        if parent.district != District.CITY and self.district != parent.district:
            raise ValidationError(
                {
                    "district": _("A unit must be in the district of its parent (%(district)s).")
                    % {"district": parent.get_district_display()}
                }
            )
