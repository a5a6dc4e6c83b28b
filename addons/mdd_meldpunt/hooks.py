# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Speak Dutch: the bureau's staff and the public pages use Dutch.

    Activates Dutch with the translations of every installed module, and makes
    it the default language of the website (English stays available).
    """
    lang = env["res.lang"]._activate_lang("nl_NL")
    modules = env["ir.module.module"].search(
        ["|", ("state", "=", "installed"), ("name", "=", "mdd_meldpunt")]
    )
    modules._update_translations(["nl_NL"], overwrite=False)
    for website in env["website"].search([]):
        website.language_ids = [(4, lang.id)]
        website.default_lang_id = lang
