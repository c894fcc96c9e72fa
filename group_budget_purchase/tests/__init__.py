from . import test_commitment
from . import test_control
from . import test_availability
from . import test_access
from . import test_concurrency
from . import test_tours
from . import test_demo
from . import test_rpc
