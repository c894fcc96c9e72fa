from collections import defaultdict

from odoo import _, fields, models


class GroupBudgetArbitrationXlsx(models.AbstractModel):
    """The arbitration register (预算仲裁登记表, manual §八): one row per
    application, from the application form (附1) to the coordination, the
    Budget Office's opinion and the Committee's ruling, with what was
    selected printed on top.

    The rows come from one read of the selection, with the user's rights:
    whoever cannot read an application cannot print it."""

    _name = "report.group_budget_report.arbitration_xlsx"
    _inherit = "report.group_budget_report.xlsx_mixin"
    _description = "Arbitration register xlsx"

    REGISTER_FIELDS = (
        ("name", "text"),
        ("date_submitted", "date"),
        ("company_id", "text"),
        ("centre_id", "text"),
        ("submitter_id", "text"),
        ("matter", "text"),
        ("severity", "text"),
        ("disputed_ref", "text"),
        ("concerns_office", "flag"),
        ("reasons", "text"),
        ("applicant_opinion", "text"),
        ("state", "text"),
        ("date_received", "date"),
        ("coordination_deadline", "date"),
        ("ruling_deadline", "date"),
        ("is_overdue", "flag"),
        ("overdue_stage", "text"),
        ("coordination_outcome", "text"),
        ("date_closed", "date"),
        ("office_opinion", "text"),
        ("office_opinion_date", "date"),
        ("ruling", "text"),
        ("ruling_date", "date"),
        ("ruled_by_id", "text"),
        ("date_withdrawn", "date"),
    )

    def _disputed_names(self, references):
        """``{"model,id": name}`` of the disputed records: one query per
        model, whatever the number of applications. A record the user may not
        read is named by its model only."""
        ids_by_model = defaultdict(set)
        for reference in references:
            if reference:
                model, res_id = reference.split(",")
                ids_by_model[model].add(int(res_id))
        names = {}
        for model, ids in ids_by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].browse(ids).exists()
            readable = records._filtered_access("read")
            description = self.env["ir.model"]._get(model).name
            for record in records:
                names[f"{model},{record.id}"] = (
                    record.display_name if record in readable else description
                )
        return names

    def _register_rows(self, arbitrations):
        """Cells of the register, oldest application first."""
        names = [name for name, _kind in self.REGISTER_FIELDS]
        records = arbitrations.read(names)
        records.sort(key=lambda r: (r["date_submitted"], r["name"]))
        disputed = self._disputed_names(r["disputed_ref"] for r in records)
        rows = self._field_cells(
            arbitrations,
            records,
            self.REGISTER_FIELDS,
            {"disputed_ref": lambda value: disputed.get(value, "") if value else ""},
        )
        return records, rows

    def _describe_selection(self, arbitrations, records):
        """What was printed: the companies, how many applications, their
        submission dates and statuses."""
        companies = arbitrations.company_id
        dates = [r["date_submitted"] for r in records if r["date_submitted"]]
        states = dict(arbitrations._fields["state"]._description_selection(self.env))
        present = {r["state"] for r in records}
        return [
            (_("Company"), ", ".join(companies.mapped("name"))),
            (_("Applications"), str(len(records))),
            (
                _("Submission Dates"),
                f"{min(dates).isoformat()} – {max(dates).isoformat()}" if dates else "",
            ),
            (_("Status"), ", ".join(label for key, label in states.items() if key in present)),
            (_("Printed On"), fields.Date.context_today(self).isoformat()),
        ]

    def generate_xlsx_report(self, workbook, data, arbitrations):
        self._check_export_size(len(arbitrations))
        columns = self._field_columns(arbitrations, self.REGISTER_FIELDS)
        records, rows = self._register_rows(arbitrations)
        companies = arbitrations.company_id or self.env.company
        self._write_table(
            workbook,
            _("Arbitration Register"),
            _("Budget Arbitration Register"),
            self._describe_selection(arbitrations, records),
            columns,
            rows,
            companies[:1].currency_id,
        )
