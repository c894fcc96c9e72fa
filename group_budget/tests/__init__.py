from . import test_centre
from . import test_item
from . import test_period
from . import test_target
from . import test_letter
from . import test_access
from . import test_demo
from . import test_translations
