"""What each decision says, and the campaign it launches: the document, its paragraphs, its
learning points (1 to 12), the facts about the person it honours, if any, and the campaign's
slug, period and status. All of it is loaded from a folder of data files by `load_decision`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from documents.dates import chinese_date

# The Li Bin 2019 campaign, the first: today's /decision/ and /li-bin/ lead to its pages, and the
# campaign app's pages read its points until they choose a campaign (issue 18).
FIRST_CAMPAIGN_SLUG = "li-bin-2019"
MOST_POINTS = 12
# Who may preview drafts at their public addresses and edit, publish and close campaigns: the
# role table (campaign.permissions) grants it to campaign admins alone.
MANAGE_CAMPAIGNS_PERMISSION = "documents.change_campaign"


class Document(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    number = models.CharField(_("document number"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issuers = models.TextField(_("issuing bodies"), help_text=_("One issuing body per line."))
    issued_on = models.DateField(_("date issued"))
    distribution = models.CharField(_("distribution line"), max_length=300)
    history = HistoricalRecords(verbose_name=_("document history"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    def get_absolute_url(self) -> str:
        """The decision's page in its campaign (select `campaign` with the document in lists)."""
        return reverse("documents:decision", args=[self.campaign.slug])

    @property
    def issuer_list(self) -> list[str]:
        return self.issuers.splitlines()

    @property
    def issued_on_display(self) -> str:
        """The date as official documents write it: 2019年4月3日, in any interface language."""
        return chinese_date(self.issued_on)


class Paragraph(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    # A published text is never changed silently: each correction is kept, with who and when.
    history = HistoricalRecords(verbose_name=_("paragraph history"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_paragraph_number"),
        ]

    def __str__(self) -> str:
        return f"§{self.number} {self.text[:20]}…"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"p-{self.number}"

    def opening_words(self, length: int = 16) -> str:
        """§3 李斌同志爱岗敬业、技艺精湛…: how a paragraph is named in a list."""
        ellipsis = "…" if len(self.text) > length else ""
        return f"§{self.number} {self.text[:length]}{ellipsis}"


class LearningPoint(models.Model):
    """One of the things a decision asks everyone to study, numbered within it (1 to 12)."""

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="points", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    heading = models.CharField(_("heading"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20)
    paragraph = models.OneToOneField(
        Paragraph,
        on_delete=models.PROTECT,
        related_name="learning_point",
        verbose_name=_("paragraph"),
    )
    history = HistoricalRecords(verbose_name=_("learning point history"))

    class Meta:
        verbose_name = _("learning point")
        verbose_name_plural = _("learning points")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="unique_point_number_per_document"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=MOST_POINTS),
                name="learning_point_number_1_to_12",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_name}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"point-{self.number}"

    @property
    def body(self) -> str:
        """The paragraph's text after its bold heading."""
        return self.paragraph.text.removeprefix(self.heading)


class ProfileFact(models.Model):
    """A fact about the person a decision honours, quoted word for word from one paragraph."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Offices")
        HONOUR = "honour", _("Honours")
        ACHIEVEMENT = "achievement", _("Achievements")
        CAREER = "career", _("Career")

    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="profile_facts",
        verbose_name=_("document"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=300)
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        related_name="profile_facts",
        verbose_name=_("paragraph"),
    )
    history = HistoricalRecords(verbose_name=_("profile fact history"))

    class Meta:
        verbose_name = _("profile fact")
        verbose_name_plural = _("profile facts")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="unique_profile_fact_position_per_document"
            ),
        ]

    def __str__(self) -> str:
        return self.text


SCOPE_KEYS = {"districts": int, "kinds": str, "under": str}


def scope_problem(scope) -> str:
    """What is wrong with a campaign's scope, or "" (the values themselves are the campaign
    app's: districts, kinds of body, organisation codes)."""
    if not isinstance(scope, dict):
        return "scope: expected an object {…}."
    if unknown := sorted(scope.keys() - SCOPE_KEYS.keys()):
        return f"scope: unknown key {', '.join(unknown)}; it takes districts, kinds, under."
    for key, kind in SCOPE_KEYS.items():
        values = scope.get(key, [])
        if not isinstance(values, list) or not all(
            isinstance(v, kind) and not isinstance(v, bool) for v in values
        ):
            return f"scope: {key} must be a list of {'numbers' if kind is int else 'text'}."
    return ""


class CampaignQuerySet(models.QuerySet):
    def published(self):
        """Open or closed: what readers may see (drafts wait for previews)."""
        return self.exclude(status=Campaign.Status.DRAFT)

    def open(self):
        """Those whose sessions are being recorded."""
        return self.filter(status=Campaign.Status.OPEN)


class Campaign(models.Model):
    """A study campaign: the decision that launches it, its period and status, and the person
    its profile honours, if any. Its slug is its address (/c/<slug>/)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("campaign status", "Draft")
        OPEN = "open", pgettext_lazy("campaign status", "Open")
        CLOSED = "closed", pgettext_lazy("campaign status", "Closed")

    slug = models.SlugField(_("slug"), unique=True, help_text=_("Its address: /c/<slug>/."))
    name = models.CharField(_("name"), max_length=100)
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="campaign", verbose_name=_("decision")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # A draft may have no period yet; publishing asks for one (a constraint below).
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(
        _("closes on"), null=True, blank=True, help_text=_("Empty: open-ended.")
    )
    expected_start = models.DateField(
        _("first session expected by"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: the day by which each called unit is expected to have held a first "
            "session. The dashboard counts the units past it without one (never a list)."
        ),
    )
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        help_text=_(
            "Made up for the demo: always shown marked as a sample, never as a real document."
        ),
    )
    # Which organisations the campaign calls to take part, read by the campaign app's
    # `OrganisationQuerySet.called_by`: {"districts": [1, 2], "kinds": ["union"], "under":
    # ["<organisation code>", …]}, each list narrowing the one before; {} is the whole city.
    scope = models.JSONField(
        _("scope"),
        default=dict,
        blank=True,
        help_text=_("Empty: the whole city. Otherwise districts, kinds of body and subtrees."),
    )
    honours = models.CharField(
        _("person honoured"),
        max_length=50,
        blank=True,
        help_text=_("As the decision names them (e.g. 李斌同志); empty when it has no profile."),
    )

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("campaign history"))

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-opens_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(opens_on__isnull=False),
                name="published_campaign_has_opening_day",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_start__isnull=True)
                | models.Q(expected_start__gte=models.F("opens_on")),
                name="campaign_first_session_expected_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("documents:campaign", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if problem := scope_problem(self.scope):
            raise ValidationError({"scope": problem})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def label(self) -> str:
        """Its name, marked 示例 when it is a sample made up for the demo."""
        return f"{self.name}（示例）" if self.is_sample and "示例" not in self.name else self.name

    def runs_on(self, day) -> bool:
        """Whether `day` is within the campaign's period."""
        if self.opens_on is None:  # a draft without its period yet
            return False
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)

    @property
    def has_profile(self) -> bool:
        return bool(self.honours)

    @property
    def opens_on_display(self) -> str:
        return chinese_date(self.opens_on) if self.opens_on else ""

    @property
    def closes_on_display(self) -> str:
        return chinese_date(self.closes_on) if self.closes_on else ""


class StudiedPoint(models.Model):
    """A reader's own mark that they have studied a learning point: shown to them alone, never
    counted per person, never timed or ranked (no streaks, no time on page)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="studied_points",
        verbose_name=_("reader"),
    )
    point = models.ForeignKey(
        LearningPoint,
        on_delete=models.CASCADE,
        related_name="studied_by",
        verbose_name=_("learning point"),
    )

    class Meta:
        verbose_name = _("studied learning point")
        verbose_name_plural = _("studied learning points")
        constraints = [
            models.UniqueConstraint(fields=["user", "point"], name="studied_point_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.point}"
