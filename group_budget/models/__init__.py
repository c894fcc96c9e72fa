from . import group_budget_centre
from . import group_budget_item
from . import group_budget_period
from . import res_users
from . import group_budget_demo
