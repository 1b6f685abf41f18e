"""factory_boy factories for the campaign's rows; sessions are written as the portal writes them."""

import datetime

import factory
from django.utils import timezone

from accounts.models import Role, User
from campaign.choices import District, OrganisationKind, ReflectionStatus, SessionFormat
from campaign.models import Organisation, Reflection, StudySession
from campaign.services import Absences, reflection_save, session_save
from documents.models import FIRST_CAMPAIGN_SLUG, LearningPoint

PASSWORD = "correct-horse-battery"

# A body long enough for the reflection minimum (200 characters, spaces not counted).
REFLECTION_BODY = "学习李斌同志的先进事迹，对标先进、见贤思齐，立足岗位做好本职工作。" * 8


def first_campaigns_points():
    """The Li Bin campaign's points: the campaign app's only ones until it chooses a campaign."""
    return LearningPoint.objects.filter(document__campaign__slug=FIRST_CAMPAIGN_SLUG)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG-{n:04d}")
    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrganisationKind.UNION_BRANCH
    district = factory.LazyAttribute(lambda o: o.parent.district if o.parent else District.HUANGPU)
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.READER
    organisation = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StudySessionFactory(factory.django.DjangoModelFactory):
    """Sessions written as the portal writes them (`services.session_save`), so their point flags
    and history are as real ones; `points=[...]` (by default the first point), `absentees=[(name,
    reason, note), ...]` and `made_up=[Absentee, ...]` (whom it makes up for) if given."""

    class Meta:
        model = StudySession

    organisation = factory.SubFactory(OrganisationFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    title = factory.Sequence(lambda n: f"学习活动{n}")
    format = SessionFormat.GROUP_STUDY
    participants = 20
    party_members = 10
    points = factory.LazyFunction(lambda: list(first_campaigns_points().filter(number=1)))

    @classmethod
    def _create(cls, model_class, *args, points, absentees=None, made_up=None, **kwargs):
        session = model_class(*args, **kwargs)
        absences = Absences(
            absentees=None if absentees is None else list(absentees),
            made_up=None if made_up is None else [absentee.pk for absentee in made_up],
        )
        return session_save(session, points=points, by=kwargs.get("recorded_by"), absences=absences)


class ReflectionFactory(factory.django.DjangoModelFactory):
    """Reflections written as the portal writes them (`services.reflection_save`)."""

    class Meta:
        model = Reflection

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return reflection_save(model_class(*args, **kwargs), by=kwargs.get("recorded_by"))

    organisation = factory.SubFactory(OrganisationFactory)
    point = factory.LazyFunction(lambda: first_campaigns_points().get(number=1))
    author_name = "张三"
    title = factory.Sequence(lambda n: f"心得体会{n}")
    body = REFLECTION_BODY
    status = ReflectionStatus.SUBMITTED
