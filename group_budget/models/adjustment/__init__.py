from . import group_budget_adjustment
from . import group_budget_period
from . import res_company
