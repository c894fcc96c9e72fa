def post_init_hook(env):
    """A letter sent before the appraisal was installed, with weights that
    break its rules, returns to draft (the rules hold from now on)."""
    env["group.budget.letter"]._draft_unsendable_letters()
