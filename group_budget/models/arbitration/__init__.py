from . import group_budget_arbitration
