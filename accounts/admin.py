"""The backend for user accounts (campaign admins only)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts are made here by campaign admins: there is no sign-up."""

    list_display = ["username", "email", "last_name", "first_name", "role", "organisation"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["organisation"]
    search_fields = ["username", "email", "first_name", "last_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Role"), {"fields": ["role", "organisation"]}),
        (_("Personal info"), {"fields": ["last_name", "first_name", "email"]}),
        (_("Status"), {"fields": ["is_active", "is_superuser", "last_login", "date_joined"]}),
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
    readonly_fields = ["last_login", "date_joined"]
