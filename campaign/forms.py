"""Form fields shared by the backend and the pages."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


class ScopedModelChoiceField(forms.ModelChoiceField):
    """A choice among what the user can see; a real id from outside that is refused with 403."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice" and self._exists_elsewhere(value):
                raise PermissionDenied("A posted id points outside the user's scope.") from error
            raise

    def _exists_elsewhere(self, value) -> bool:
        try:
            return self.queryset.model._base_manager.filter(pk=value).exists()
        except (TypeError, ValueError):
            return False
