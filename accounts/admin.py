"""The backend for user accounts (campaign admins only)."""

import allauth.account.admin  # (registers EmailAddress, unregistered below)
import allauth.mfa.admin  # noqa: F401  (registers Authenticator, unregistered below)
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import audit
from accounts.audit.actions import Action
from accounts.models import Role, User
from accounts.two_factor.reset import authenticators_reset

# allauth's e-mail addresses: the portal verifies none and lets nobody manage them (no page, see
# accounts.views.no_email_management); an account's address is its user's, edited under 用户.
# Their admin only showed a second section called 账户 beside 用户与角色.
admin.site.unregister(EmailAddress)
# Groups: what a user may do comes from their role (campaign/permissions.py), and no user page
# assigns a group; one made here would grant what the role table does not.
admin.site.unregister(Group)
# allauth's authenticators: a secret's page is no one's business, and a lost factor is reset
# through the user's page (its action is audited), not deleted here.
admin.site.unregister(Authenticator)


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's, its warning translated: Django joins it to the help text once, in English."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )

    def save(self, commit=True):
        user = super().save(commit=commit)
        audit.record(None, Action.PASSWORD_CHANGE, target=user.get_username(), by_admin=True)
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are made here by campaign admins: there is no sign-up."""

    change_password_form = PasswordChangeForm

    list_display = ["username", "full_name", "role", "organisation", "email"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["organisation"]
    search_fields = ["username", "email", "first_name", "last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Role"), {"fields": ["role", "organisation"]}),
        (_("Personal info"), {"fields": ["last_name", "first_name", "email"]}),
        (
            _("Status"),
            {
                "fields": [
                    "is_active",
                    "is_superuser",
                    "second_factor",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "role", "organisation", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined", "second_factor"]
    actions = ["reset_second_factor"]

    # Audit admins are made on the server (`manage.py audit_admin`), never here: the
    # administrators the trail watches can neither make one nor take one over (a new password,
    # a role); they do not see those accounts at all.
    def get_queryset(self, request):
        return super().get_queryset(request).exclude(role=Role.AUDIT_ADMIN)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.AUDIT_ADMIN]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, obj):
        # Family name first, as the portal's users write their names (张三, not 三 张).
        return f"{obj.last_name}{obj.first_name}"

    @admin.display(description=_("second factor"))
    def second_factor(self, obj):
        kinds = dict(Authenticator.Type.choices)
        found = sorted(
            {kinds.get(t, t) for t in obj.authenticator_set.values_list("type", flat=True)}
        )
        return "、".join(str(k) for k in found) or _("not set up")

    @admin.action(description=_("Reset second factor (lost phone or key)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """Deletes their authenticators; they set one up again at their next sign-in."""
        users = list(queryset)
        for user in users:
            authenticators_reset(request=request, user=user)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d account was reset: it is set up again at the "
                "next sign-in.",
                "The second factors of %(count)d accounts were reset: each is set up again at "
                "the next sign-in.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
