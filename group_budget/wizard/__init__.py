from . import group_budget_target_split
