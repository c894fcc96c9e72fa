from . import group_budget_commitment
from . import group_budget_overrun
from . import group_budget_purchase
from . import group_budget_control
from . import group_budget_ledger
from . import purchase_order
from . import purchase_order_line
from . import account_move
