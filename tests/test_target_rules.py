import pytest
from group_budget_logic import target_rules


@pytest.mark.parametrize(
    ("issued", "estimate", "allowed"),
    [
        (100.0, 100.0, False),
        (100.0, 119.99, False),
        (100.0, 120.0, True),  # exactly the threshold: allowed
        (100.0, 80.0, True),
        (100.0, 80.01, False),
        (100.0, 150.0, True),
        (-100.0, -130.0, True),
        (0.0, 0.0, False),
        (0.0, 1.0, True),
        (100.0, None, False),
    ],
)
def test_revision_threshold_default_20_percent(issued, estimate, allowed):
    assert target_rules.may_propose_revision(issued, estimate) is allowed


def test_custom_threshold():
    assert target_rules.may_propose_revision(100.0, 110.0, threshold=0.10)
    assert not target_rules.may_propose_revision(100.0, 110.0, threshold=0.15)


def test_agreed_values():
    lines = {"rev": (100.0, 80.0), "cost": (50.0, None)}
    assert target_rules.agreed_values(lines, accepted=True) == {"rev": 80.0, "cost": 50.0}
    assert target_rules.agreed_values(lines, accepted=False) == {"rev": 100.0, "cost": 50.0}
