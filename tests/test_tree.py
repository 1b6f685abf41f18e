from campaign.models import Organisation


def test_tree_paths_and_depths(tree):
    assert tree.city.depth == 1
    assert tree.team.depth == 4
    assert (
        tree.team.path == f"{tree.city.path}{tree.huangpu_body.pk}/{tree.unit.pk}/{tree.team.pk}/"
    )
    assert set(Organisation.objects.within(tree.unit)) == {tree.unit, tree.team}
