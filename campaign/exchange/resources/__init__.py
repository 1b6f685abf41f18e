"""Which columns a file of organisations, sessions or reflections has: one module per file,
each resource scoped to its user (`scoped`) and writing through `campaign.services`, like the
admin's forms, so the same rules hold for both and the derived data and history follow.

Choices are written and read by their labels (黄浦, 集中学习), learning points by short name or
number.
"""

from campaign.exchange.resources.organisations import OrganisationResource
from campaign.exchange.resources.reflections import ReflectionResource
from campaign.exchange.resources.sessions import StudySessionResource

__all__ = ["OrganisationResource", "ReflectionResource", "StudySessionResource"]
