from . import group_budget_arbitration, group_budget_letter, group_budget_scorecard
from . import group_budget_scorecard_line
