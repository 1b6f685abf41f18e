"""Words of Django's and the libraries' pages that the portal says its own way, or that their
Chinese catalogues lack. Never imported: `make messages` reads these strings into the portal's
catalogue (locale/), whose translations come before the libraries' own (LOCALE_PATHS).

One word for one thing: signing out is 退出 everywhere (Django's admin says 注销, allauth 登出),
and a form label ends with a full-width colon.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WORDS = [
    # Signing out (the admin's header, allauth's page and message).
    gettext_noop("Log out"),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    # Django's label suffix: "用户名：", not "用户名:".
    gettext_noop(":"),
    # django-import-export's export page.
    gettext_noop("Select all"),
    # The admin's index: its hidden table headers, missing from Django 5.2's zh_Hans catalogue.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # The admin's titles and links: "学习活动" and "新增学习活动", not "选择 学习活动 来修改".
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add"),
    gettext_noop("Add %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("View history: %s"),
    # The user pages, in the portal's words.
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    # Django 5.2's password messages, missing from its zh_Hans catalogue.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
]
