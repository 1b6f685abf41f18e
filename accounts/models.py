"""Who the users are: the portal's `User`, its role and its organisation."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CAMPAIGN_ADMIN = "campaign_admin", _("Campaign admin")
    DISTRICT_ADMIN = "district_admin", _("District admin")
    ORGANISER = "organiser", _("Unit organiser")
    READER = "reader", _("Reader")
    # Reads the security audit trail and nothing else (separation of system, security and
    # audit administration); the trail's pages ask for this role, not for the superuser flag.
    AUDIT_ADMIN = "audit_admin", _("Audit admin")


# Roles whose reach is set by their organisation, so they cannot be without one.
ROLES_NEEDING_ORGANISATION = (Role.DISTRICT_ADMIN, Role.ORGANISER)


class User(AbstractUser):
    """The portal's user; custom from the first migration so that later fields are cheap.

    `role` says what a user may do and `organisation` where: a district admin over the district
    of their organisation, an organiser over their organisation and the units under it.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)
    organisation = models.ForeignKey(
        "campaign.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=ROLES_NEEDING_ORGANISATION)
                | models.Q(organisation__isnull=False),
                name="user_role_needs_organisation",
                violation_error_message=_(
                    "District admins and unit organisers must belong to an organisation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_choice"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role in ROLES_NEEDING_ORGANISATION and self.organisation_id is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "District admins and unit organisers must belong to an organisation."
                    )
                }
            )

    def save(self, *args, **kwargs):
        # The admin site lets in staff only: everyone but a reader works in the backend.
        self.is_staff = self.works_in_backend
        if self.is_superuser:
            self.role = Role.CAMPAIGN_ADMIN
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"role", "is_superuser"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "role", "is_staff"}
        super().save(*args, **kwargs)

    @property
    def is_audit_admin(self) -> bool:
        """Reads the audit trail (audit/admin.py); a superuser is a campaign admin, never this."""
        return self.is_active and not self.is_superuser and self.role == Role.AUDIT_ADMIN

    @property
    def works_in_backend(self) -> bool:
        """Everyone but a reader: read from the role, so it holds before the user is saved (the
        password rule of accounts.passwords judges a new account's password by it)."""
        return self.is_superuser or self.role != Role.READER

    @property
    def is_campaign_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.CAMPAIGN_ADMIN)
