from . import group_budget_analysis_wizard
from . import group_budget_analysis_line
