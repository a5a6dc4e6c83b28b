# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# Attachments of these records are logged when staff download them.
LOGGED_MODELS = ("helpdesk.ticket", "mdd.complainant")


class IrBinary(models.AbstractModel):
    """Every file of a report (or complainant) that staff download is logged.

    All of Odoo's file routes (``/web/content``, ``/web/image``, the zip of
    ``/mail/attachment/zip``) stream through :meth:`_record_to_stream`. A
    resized image is the thumbnail the chatter shows by itself, not a file
    someone opened, and is not logged.
    """

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        stream = super()._record_to_stream(record, field_name)
        if (
            record._name == "ir.attachment"
            and field_name in ("raw", "datas", "db_datas")
            and not self.env.context.get("mdd_image_preview")
        ):
            self._mdd_log_download(record)
        return stream

    def _get_image_stream_from(  # noqa: PLR0917 (Odoo's signature)
        self,
        record,
        field_name="raw",
        filename=None,
        filename_field="name",
        mimetype=None,
        default_mimetype="image/png",
        placeholder=None,
        width=0,
        height=0,
        crop=False,
        quality=0,
    ):
        binary = self.with_context(mdd_image_preview=True) if (width or height) else self
        return super(IrBinary, binary)._get_image_stream_from(
            record,
            field_name=field_name,
            filename=filename,
            filename_field=filename_field,
            mimetype=mimetype,
            default_mimetype=default_mimetype,
            placeholder=placeholder,
            width=width,
            height=height,
            crop=crop,
            quality=quality,
        )

    def _mdd_log_download(self, attachment):
        AccessLog = self.env["mdd.access.log"]
        attachment = attachment.sudo()
        if (
            attachment.res_model not in LOGGED_MODELS
            or not attachment.res_id
            or attachment.res_field
            or not AccessLog._mdd_should_log()
        ):
            return
        record = self.env[attachment.res_model].sudo().browse(attachment.res_id).exists()
        if not record or (record._name == "helpdesk.ticket" and not record.is_mdd_report):
            return
        AccessLog._mdd_log("attachment_downloaded", record, attachment=attachment)
