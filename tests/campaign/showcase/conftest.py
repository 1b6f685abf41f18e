import pytest

from campaign.choices import ReflectionStatus
from documents.models import LearningPoint, Paragraph
from tests.factories import REFLECTION_BODY, ReflectionFactory

SHOWN = {"status": ReflectionStatus.FEATURED, "public_consent": True}


@pytest.fixture
def gallery(tree):
    """One public reflection, and one of each kind that must never be public."""
    craft = LearningPoint.objects.get(number=4)
    quoted = Paragraph.objects.get(number=3)
    public = ReflectionFactory(
        organisation=tree.unit,
        point=craft,
        quoted_paragraph=quoted,
        title="公开的心得：工匠精神",
        body="我读到工匠精神这一段，很受触动。" + REFLECTION_BODY,
        **SHOWN,
    )
    hidden = {
        "submitted": ReflectionFactory(
            organisation=tree.unit,
            title="隐藏的心得：已提交",
            public_consent=True,
            quoted_paragraph=quoted,
        ),
        "approved": ReflectionFactory(
            organisation=tree.unit,
            title="隐藏的心得：已通过",
            status=ReflectionStatus.APPROVED,
            public_consent=True,
            quoted_paragraph=quoted,
        ),
        "returned": ReflectionFactory(
            organisation=tree.unit,
            title="隐藏的心得：已退回",
            status=ReflectionStatus.RETURNED,
            return_reason="再具体一些",
            public_consent=True,
            quoted_paragraph=quoted,
        ),
        "no consent": ReflectionFactory(
            organisation=tree.unit,
            title="隐藏的心得：未同意",
            status=ReflectionStatus.FEATURED,
            public_consent=False,
            quoted_paragraph=quoted,
        ),
    }
    return public, hidden
