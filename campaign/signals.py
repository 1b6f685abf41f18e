"""Keeps derived data in step with what users write."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from campaign.models import StudySession


@receiver(m2m_changed, sender=StudySession.points.through)
def copy_points_to_flags(sender, instance, action, reverse, pk_set, **kwargs):
    """After any change to a session's points (admin, import, service), refresh its flags."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        StudySession.objects.filter(pk=instance.pk).refresh_point_flags()
    elif pk_set:
        StudySession.objects.filter(pk__in=pk_set).refresh_point_flags()
    else:  # a learning point's sessions were all cleared: rare, refresh them all
        StudySession.objects.refresh_point_flags()
