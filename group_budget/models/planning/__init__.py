from . import group_budget_target
from . import group_budget_target_line
from . import group_budget_letter
from . import group_budget
from . import group_budget_version
