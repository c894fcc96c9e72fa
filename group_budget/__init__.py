from . import models
from . import wizard
from . import demo
from .hooks import uninstall_hook
