from . import mixins
from . import foundation
from . import planning
from . import execution
from . import warning
from . import adjustment
from . import arbitration
from . import workbook
