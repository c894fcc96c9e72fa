# The demo group (demo/*.xml): the loaders its <function> calls run, and the
# builders the demo, the tests and the benchmarks share.
from . import builders
from . import group_budget_demo
from . import group_budget_adjustment
from . import group_budget_arbitration
from . import group_budget_warning
