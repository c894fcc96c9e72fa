"""Business rules of the analysis add-on, in plain Python.

Nothing in this package imports Odoo: the report models read the ledger in a
few grouped queries, hand the figures to :mod:`.matrix`, and every output
(screen, xlsx, PDF) renders the matrix it returns.
"""
