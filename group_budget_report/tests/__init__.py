from . import test_analysis
from . import test_explanation
from . import test_tours
from . import test_exports
from . import test_explanation_reach
from . import test_reader_language
from . import test_hierarchy
from . import test_rpc_matrix
