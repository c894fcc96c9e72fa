from . import group_budget_target_split
from . import group_budget_return
