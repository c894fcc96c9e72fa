from . import test_demo, test_letter_weights, test_scorecard, test_scorecard_access, test_tours
from . import test_results_xlsx
from . import test_adjusted_letter
from . import test_veto_lift, test_letter_breaches, test_reader_language
from . import test_tours_roles
from . import test_rpc_matrix
from . import test_arbitration
from . import test_read_only
