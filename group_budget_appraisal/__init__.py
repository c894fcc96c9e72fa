from . import models, report, wizard
from .hooks import post_init_hook
