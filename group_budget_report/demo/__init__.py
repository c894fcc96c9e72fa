# The demo's variance analysis (demo/group_budget_report_demo.xml).
from . import group_budget_analysis
