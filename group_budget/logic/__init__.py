"""Business rules of the budget suite, in plain Python.

Nothing in this package imports Odoo: models read records, call these
functions and write the results. The functions are unit-tested without a
database (see ``tests/`` at the repository root).
"""
