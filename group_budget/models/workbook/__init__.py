from . import group_budget_workbook
from . import group_budget_workbook_error
from . import group_budget
from . import group_budget_period
