from . import group_budget_input_mixin
from . import group_budget_state_mixin
from . import group_budget_item_total_mixin
from . import group_budget_months_mixin
from . import group_budget_centre_company_mixin
from . import group_budget_centre_year_mixin
from . import group_budget_review_mixin
from . import group_budget_figure_mixin
