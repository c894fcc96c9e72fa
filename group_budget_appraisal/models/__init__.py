from . import group_budget_letter, group_budget_scorecard, group_budget_scorecard_line
