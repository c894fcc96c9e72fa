from . import models
from . import demo
from .hooks import post_init_hook, uninstall_hook
