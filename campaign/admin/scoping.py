"""Scope in the admin: every list, object and choice list goes through `campaign.querysets`.

- `get_queryset` narrows lists, bulk actions and lookups to the user's reach;
- `get_object` answers 404 (not the admin's redirect) for an object outside it;
- the `has_*_permission(request, obj)` hooks refuse an object outside it;
- foreign keys to scoped models offer only what the user can see, and a posted id that exists
  but lies outside the user's reach is tampering: it answers 403 and nothing is saved (an admin
  that names its own `form_class` for the field, as the exemptions' does, answers otherwise).
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from campaign.forms import ScopedModelChoiceField
from campaign.querysets import reaches


class ScopedAdminMixin:
    """For a ModelAdmin of a model whose QuerySet has `visible_to(user)` (`campaign.querysets`)."""

    def organisation_of(self, obj):
        return obj.organisation

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("No such object within your organisation.")
        return obj

    def _in_scope(self, request, obj) -> bool:
        return obj is None or reaches(request.user, self.organisation_of(obj))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        """The history of a row within reach, or of a deleted row that was; anything else 404.

        simple_history answered 403 for another unit's row and 404 for a missing id, telling
        which ids exist; outside the scope and missing now look the same.
        """
        try:
            self.get_object(request, unquote(object_id))
        except Http404:
            last = self._last_version(unquote(object_id))
            if last is None or not self._in_scope(request, last.instance):
                raise
        return super().history_view(request, object_id, extra_context)

    def _last_version(self, object_id):
        history = getattr(self.model, "history", None)
        if history is None:
            return None
        try:
            rows = history.filter(**{self.model._meta.pk.attname: object_id})
            return rows.order_by("-history_date").first()
        except (ValueError, ValidationError):
            return None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """An old version, read only, of a row that is within reach now.

        simple_history saves a POST here even with reverting switched off, and checks the scope
        of the old version only; a revert would also skip the forms' rules.
        """
        if request.method != "GET":
            raise PermissionDenied("Reverting to an old version is switched off.")
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = scoped_queryset(db_field.related_model, request.user)
        if queryset is not None:
            kwargs["queryset"] = queryset
            kwargs.setdefault("form_class", ScopedModelChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scoped_queryset(model, user):
    """The rows of `model` the user can see, or None for a model that is not scoped."""
    visible_to = getattr(model.objects, "visible_to", None)
    return visible_to(user) if visible_to else None
