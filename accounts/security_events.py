"""The accounts' entries in the audit trail: sign-in and sign-out, failed sign-ins, passwords,
and an account's creation, deactivation, role and unit (connected in AccountsConfig.ready).

The sign-in limit's pause is recorded where the sign-in page finds it (`accounts.views.login`),
and a password set by an administrator where its form saves (`accounts.admin`).
"""

from accounts import audit
from accounts.audit.actions import Action

# Stored values compared on each save of a user; `organisation__code` names the unit.
WATCHED = ("is_active", "is_superuser", "role", "organisation__code")


def signed_in(sender, request, user, **kwargs) -> None:
    audit.record(request, Action.SIGN_IN, user=user)


def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(request, Action.SIGN_OUT, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has replaced the password in `credentials`; the name tried is kept, even for an
    # account that does not exist (who is trying which names is the point).
    login = credentials.get("username") or credentials.get("email") or credentials.get("login")
    audit.record(request, Action.SIGN_IN_FAILED, user=None, username=str(login or ""))


def password_changed(sender, request, user, **kwargs) -> None:
    audit.record(request, Action.PASSWORD_CHANGE, target=user.get_username())


def password_reset(sender, request, user, **kwargs) -> None:
    audit.record(request, Action.PASSWORD_RESET, target=user.get_username())


def remember_stored(sender, instance, update_fields=None, **kwargs) -> None:
    """Before a user is saved: the values it had, when the save may change one of them."""
    touched = update_fields is None or {"is_active", "is_superuser", "role", "organisation"} & set(
        update_fields
    )
    instance._audit_stored = (
        type(instance)._default_manager.filter(pk=instance.pk).values(*WATCHED).first()
        if instance.pk is not None and touched
        else None
    )


def record_account_change(sender, instance, created, **kwargs) -> None:
    """After a user is saved: the account's creation, or what changed of its access."""
    unit = instance.organisation.code if instance.organisation_id else None
    if created:
        audit.record(
            None,
            Action.ACCOUNT_CREATE,
            target=instance.get_username(),
            role=instance.role,
            unit=unit,
            superuser=instance.is_superuser,
        )
        return
    stored = getattr(instance, "_audit_stored", None)
    if stored is None:
        return
    if stored["is_active"] != instance.is_active:
        action = Action.ACCOUNT_REACTIVATE if instance.is_active else Action.ACCOUNT_DEACTIVATE
        audit.record(None, action, target=instance.get_username())
    now = {
        "role": instance.role,
        "unit": unit,
        "superuser": instance.is_superuser,
    }
    before = {
        "role": stored["role"],
        "unit": stored["organisation__code"],
        "superuser": stored["is_superuser"],
    }
    changed = {name: [before[name], now[name]] for name in now if before[name] != now[name]}
    if changed:
        audit.record(None, Action.ROLE_CHANGE, target=instance.get_username(), **changed)
