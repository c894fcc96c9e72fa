from . import res_company
from . import res_config_settings
from . import group_budget_analysis
from . import group_budget_variance_explanation
from . import group_budget_analysis_meeting
