# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo modules that send personal data to services outside the bureau.

A bureau keeps special-category personal data (AVG art. 9). These modules
send what staff type (names, addresses, phone numbers, messages) or the
bureau's contacts to Odoo's IAP servers or to other companies. Several of
them arrive by ``auto_install`` as soon as Odoo's mail or website is
installed (``iap``, ``iap_mail``, ``partner_autocomplete``, ``sms``,
``snailmail``, ``web_unsplash``, ``google_gmail``, ``calendar_sms``,
``website_sms``), so a profile removes them once it is installed
(:func:`remove_outside_service_modules`) and its tests check that none is
installed.

Odoo's ``website`` needs ``google_recaptcha``, which cannot be removed; it
sends nothing as long as no reCAPTCHA key is configured, and the profile's
tests check that none is.
"""

import logging

_logger = logging.getLogger(__name__)

# Module name -> why it is listed.
OUTSIDE_SERVICE_MODULES = {
    # Odoo's In-App Purchase client: the channel through which Odoo's paid
    # services (enrichment, SMS, post, lead mining) receive data. Every module
    # below that talks to Odoo's servers depends on it.
    "iap": "client of Odoo's IAP servers, the channel of the modules below",
    "iap_mail": "IAP with mail: the glue of the IAP services that send contacts",
    "iap_crm": "IAP with CRM: sends leads to IAP enrichment",
    "crm_iap_enrich": "sends the email domains of leads to IAP to enrich them",
    "crm_iap_mine": "asks IAP for company and contact data to create leads",
    "website_crm_iap_reveal": "sends visitors' addresses to IAP to name their company",
    "mail_plugin": "Outlook/Gmail plug-in: enriches contacts through IAP",
    # Typed names and addresses to autocompletion services.
    "partner_autocomplete": "sends company names and VAT numbers typed in a "
    "contact to IAP and enriches new companies from it",
    "website_sale_autocomplete": "sends addresses typed in the shop to Google Places",
    # Messages to people, through Odoo or another provider.
    "sms": "sends phone numbers and message texts to IAP to send text messages",
    "sms_twilio": "sends phone numbers and message texts to Twilio",
    "calendar_sms": "text-message reminders of calendar events (through sms)",
    "website_sms": "text messages from the website (through sms)",
    "snailmail": "sends documents with names and postal addresses to IAP to post them",
    "snailmail_account": "posts invoices with addresses through snailmail",
    # Mailboxes, calendars and files kept by other companies.
    "google_gmail": "routes the bureau's mailbox (complainants' messages) "
    "through Gmail once configured",
    "microsoft_outlook": "routes the bureau's mailbox (complainants' messages) "
    "through Outlook once configured",
    "google_account": "the Google account link of google_calendar and the like",
    "google_calendar": "copies calendar events with their attendees to Google",
    "microsoft_account": "the Microsoft account link of microsoft_calendar",
    "microsoft_calendar": "copies calendar events with their attendees to Microsoft",
    "cloud_storage": "stores attachments with a cloud provider (base of the next two)",
    "cloud_storage_google": "stores attachments (complainants' files) at Google",
    "cloud_storage_azure": "stores attachments (complainants' files) at Microsoft",
    # Addresses to map and geocoding services.
    "base_geolocalize": "sends contacts' addresses to OpenStreetMap or Google "
    "to find their coordinates",
    "website_google_map": "shows contacts' addresses on a Google map",
    # Visitors of the public forms seen by another company.
    "website_cf_turnstile": "Cloudflare Turnstile captcha: Cloudflare checks "
    "every visitor of the public forms",
    # Words typed by staff to an image bank.
    "web_unsplash": "sends the words typed in the editor's image search to Unsplash",
}


def installed_outside_service_modules(env):
    """The installed modules of :data:`OUTSIDE_SERVICE_MODULES`."""
    return (
        env["ir.module.module"]
        .sudo()
        .search(
            [
                ("name", "in", list(OUTSIDE_SERVICE_MODULES)),
                ("state", "in", ("installed", "to install", "to upgrade")),
            ]
        )
    )


def remove_outside_service_modules(env):
    """Mark the installed modules of :data:`OUTSIDE_SERVICE_MODULES` (and the
    modules that need them) for removal.

    Called from an install hook, the removal happens at the end of the same
    installation (Odoo uninstalls the modules marked ``to remove`` before it
    finishes loading the registry). Returns the names of the modules marked.
    """
    modules = installed_outside_service_modules(env)
    if not modules:
        return []
    # Only the installed ones can be uninstalled; one still "to install" is
    # installed first and removed with the others.
    modules = modules.filtered(lambda m: m.state == "installed")
    downstream = modules.downstream_dependencies()
    (modules | downstream).write({"state": "to remove"})
    names = sorted((modules | downstream).mapped("name"))
    _logger.info("Removing modules that send data to outside services: %s", ", ".join(names))
    return names
