"""Business rules of purchase commitments, in plain Python (no Odoo import),
unit-tested without a database in ``tests/`` at the repository root."""
