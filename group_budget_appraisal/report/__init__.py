from . import group_budget_scorecard_xlsx
