from . import group_budget_analysis_xlsx
from . import group_budget_arbitration_xlsx
