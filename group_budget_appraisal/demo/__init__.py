# The demo's letters and scorecards (demo/group_budget_appraisal_demo.xml).
from . import group_budget_scorecard
