"""Which units a campaign calls: its scope (districts, kinds, subtrees) less its exemptions,
the same in SQL (reports) and in Python (the session form and imports)."""

import pytest

from campaign.choices import District, ExemptionReason, OrganisationKind
from campaign.models import Exemption, Organisation
from campaign.services import PointRule

SCOPES = [
    {},
    {"districts": [District.HUANGPU]},
    {"districts": [District.XUHUI, District.HUANGPU]},
    {"kinds": [OrganisationKind.DISTRICT_UNION]},
    {"districts": [District.HUANGPU], "kinds": [OrganisationKind.UNION_BRANCH]},
    {"under": ["HP-GH-01"]},
    {"under": ["HP-GH-01", "XH-GH"]},
    {"under": ["NO-SUCH-CODE"]},
    {"districts": [District.XUHUI], "under": ["HP-GH"]},
]


@pytest.mark.parametrize("scope", SCOPES)
def test_the_scope_in_sql_and_in_python_call_the_same_units(tree, sample, scope):
    sample.scope = scope
    sample.save()
    Exemption.objects.create(
        campaign=sample, organisation=tree.sibling, reason=ExemptionReason.MERGED
    )
    rule = PointRule.load()

    in_sql = set(Organisation.objects.called_by(sample).values_list("code", flat=True))
    in_python = {unit.code for unit in Organisation.objects.all() if rule.calls(sample, unit)}

    assert in_sql == in_python
    assert "HP-GH-02" not in in_sql  # exempt


def test_a_scope_of_one_district_calls_its_units_only(tree, sample):
    sample.scope = {"districts": [District.XUHUI]}
    sample.save()

    called = set(Organisation.objects.called_by(sample).values_list("code", flat=True))

    assert called == {"XH-GH", "XH-GH-01"}


def test_an_exemption_is_of_one_campaign(tree, sample, li_bin):
    Exemption.objects.create(
        campaign=sample, organisation=tree.unit, reason=ExemptionReason.UNSTAFFED
    )

    assert not Organisation.objects.called_by(sample).filter(pk=tree.unit.pk).exists()
    assert Organisation.objects.called_by(li_bin).filter(pk=tree.unit.pk).exists()
