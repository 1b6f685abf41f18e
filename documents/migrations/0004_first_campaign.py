# Issue 18: the decision already loaded, the Li Bin 2019 decision, becomes the first campaign, and
# its points and profile facts name it. Frozen (DESIGN rule 20): the values are copied here, not
# read from the loader or its data files, which may change later.

import datetime

from django.db import migrations

LI_BIN_NUMBER = "沪工总办〔2019〕60号"
LI_BIN_SLUGS = ("li-bin-decision",)  # what load_decision named its document before campaigns
FIRST_CAMPAIGN = {
    "slug": "li-bin-2019",
    "name": "向李斌同志学习",
    "status": "open",
    "opens_on": datetime.date(2019, 4, 3),
    "closes_on": None,
    "is_sample": False,
    "honours": "李斌同志",
}


def make_the_first_campaign(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    LearningPoint = apps.get_model("documents", "LearningPoint")
    ProfileFact = apps.get_model("documents", "ProfileFact")
    Campaign = apps.get_model("documents", "Campaign")

    # Before campaigns there was one document: every point and fact belongs to its paragraph's.
    for model in (LearningPoint, ProfileFact):
        for row in model.objects.filter(document__isnull=True).select_related("paragraph"):
            row.document_id = row.paragraph.document_id
            row.save(update_fields=["document"])

    document = (
        Document.objects.filter(number=LI_BIN_NUMBER).first()
        or Document.objects.filter(slug__in=LI_BIN_SLUGS).first()
    )
    if document is None:  # a new installation: load_decision will make the campaign
        return
    # A campaign's decision carries the campaign's slug, as load_decision now writes it.
    document.slug = FIRST_CAMPAIGN["slug"]
    document.save(update_fields=["slug"])
    Campaign.objects.get_or_create(document=document, defaults=FIRST_CAMPAIGN)


def forget_the_campaigns(apps, schema_editor):
    """Backwards: the first campaign's decision gets back the slug the old loader looks for; 0003
    then drops the table (the points keep their numbers, 1–4, unique again)."""
    Campaign = apps.get_model("documents", "Campaign")
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(campaign__slug=FIRST_CAMPAIGN["slug"]).update(slug=LI_BIN_SLUGS[0])
    Campaign.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_campaigns'),
    ]

    operations = [
        migrations.RunPython(make_the_first_campaign, forget_the_campaigns),
    ]
