# The demo's purchase orders (demo/group_budget_purchase_demo.xml).
from . import group_budget_purchase
