from . import group_budget_analysis_xlsx
