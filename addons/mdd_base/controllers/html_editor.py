# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, http
from odoo.addons.html_editor.controllers.main import HTML_Editor
from odoo.exceptions import UserError


class HtmlEditorNoOutsideText(HTML_Editor):
    @http.route()
    def generate_text(self, prompt, conversation_history):
        """The editor's text generation sends the prompt and the text around
        it to Odoo's OLG service. Staff write about complainants in these
        editors, so no text leaves the database this way."""
        raise UserError(
            _("Text generation is switched off: it would send your text to an outside service.")
        )
