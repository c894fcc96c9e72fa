from . import models, report, wizard
from . import demo
from .hooks import post_init_hook
