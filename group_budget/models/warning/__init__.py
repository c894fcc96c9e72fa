from . import group_budget_warning_rule
from . import group_budget_warning
from . import group_budget_period
from . import res_company
from . import group_budget_ledger
