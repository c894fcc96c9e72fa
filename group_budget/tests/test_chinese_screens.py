"""The approval banner and buttons of base_tier_validation read in Chinese in
a real browser (headless Chromium) for a Chinese reviewer (issue 9)."""

from odoo.tests import HttpCase, tagged

from .common import GroupBudgetCase

CHECK_BANNER = """
const deadline = Date.now() + 30000;
function labels() {
    return [...document.querySelectorAll(".o_form_view button")].map((button) =>
        [button.textContent, button.title, button.dataset.tooltip].join(" ").trim()
    );
}
(function check() {
    const banner = document.querySelector(".o_form_view .alert-warning");
    const text = banner ? banner.textContent : "";
    const buttons = labels();
    const has = (label) => buttons.some((button) => button.includes(label));
    if (text.includes("此记录需要审批") && has("批准") && has("驳回") && has("重新审批")) {
        if (text.includes("needs to be") || has("Validate") || has("Restart Validation")) {
            console.error("English left on the form: " + text + " / " + buttons.join(" | "));
        } else {
            console.log("test successful");
        }
        return;
    }
    if (Date.now() > deadline) {
        console.error("No Chinese banner: " + text + " / " + buttons.join(" | "));
        return;
    }
    setTimeout(check, 250);
})();
"""


@tagged("post_install", "-at_install")
class TestChineseScreens(HttpCase, GroupBudgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["base_tier_validation", "group_budget"], ["zh_CN"]
        )
        cls._setup_targets()
        cls.budget = cls._compiling_budget()
        cls.budget.with_user(cls.user_officer).action_submit()
        cls.user_office.lang = "zh_CN"

    def test_approval_banner_reads_in_chinese_in_the_browser(self):
        self.assertTrue(self.budget.with_user(self.user_office).can_review)
        self.browser_js(
            f"/odoo/action-group_budget.group_budget_action/{self.budget.id}",
            CHECK_BANNER,
            login=self.user_office.login,
            timeout=120,
        )
