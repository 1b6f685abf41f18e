"""What the decision says: the document, its paragraphs, the four learning points and the facts
about Li Bin that it states. All of it is loaded from the data file by `load_decision`."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.dates import chinese_date

DECISION_SLUG = "li-bin-decision"


class Document(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    number = models.CharField(_("document number"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issuers = models.TextField(_("issuing bodies"), help_text=_("One issuing body per line."))
    issued_on = models.DateField(_("date issued"))
    distribution = models.CharField(_("distribution line"), max_length=300)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"

    def get_absolute_url(self) -> str:
        return reverse("documents:decision")

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
        return f"{reverse('documents:decision')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"p-{self.number}"

    def opening_words(self, length: int = 16) -> str:
        """§3 李斌同志爱岗敬业、技艺精湛…: how a paragraph is named in a list."""
        ellipsis = "…" if len(self.text) > length else ""
        return f"§{self.number} {self.text[:length]}{ellipsis}"


class LearningPoint(models.Model):
    """One of the four things the decision asks everyone to learn from Li Bin."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    heading = models.CharField(_("heading"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20)
    paragraph = models.OneToOneField(
        Paragraph,
        on_delete=models.PROTECT,
        related_name="learning_point",
        verbose_name=_("paragraph"),
    )

    class Meta:
        verbose_name = _("learning point")
        verbose_name_plural = _("learning points")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=4),
                name="learning_point_number_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_name}"

    def get_absolute_url(self) -> str:
        return f"{reverse('documents:decision')}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"point-{self.number}"

    @property
    def body(self) -> str:
        """The paragraph's text after its bold heading."""
        return self.paragraph.text.removeprefix(self.heading)


class ProfileFact(models.Model):
    """A fact about Li Bin, quoted word for word from one paragraph of the decision."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Offices")
        HONOUR = "honour", _("Honours")
        ACHIEVEMENT = "achievement", _("Achievements")
        CAREER = "career", _("Career")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("text"), max_length=300)
    paragraph = models.ForeignKey(
        Paragraph,
        on_delete=models.PROTECT,
        related_name="profile_facts",
        verbose_name=_("paragraph"),
    )

    class Meta:
        verbose_name = _("profile fact")
        verbose_name_plural = _("profile facts")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["position"], name="unique_profile_fact_position"),
        ]

    def __str__(self) -> str:
        return self.text


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
