/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
//
// Progressive enhancement of the public forms (class o_mdd_public_form):
// - Odoo's captcha when configured: reCAPTCHA v3 (google_recaptcha) and/or
//   Cloudflare Turnstile (website_cf_turnstile). The keys come from the
//   frontend session info, so nothing loads when no captcha is configured;
// - show the contact fields only when contact is wanted, and the parental
//   consent only for the under-16 age group;
// - check the number and size of files before they are uploaded.
// Every check is repeated on the server; the forms work without JavaScript.

import publicWidget from "@web/legacy/js/public/public_widget";
import { loadJS } from "@web/core/assets";
import { session } from "@web/session";

const TURNSTILE_URL = "https://challenges.cloudflare.com/turnstile/v0/api.js";

publicWidget.registry.MddPublicForm = publicWidget.Widget.extend({
    selector: "form.o_mdd_public_form",
    events: {
        submit: "_onSubmit",
        "change .o_mdd_contact_choice": "_updateVisibility",
        "change select[name='age_group']": "_updateVisibility",
        "change input[type='file']": "_onFileChange",
    },

    start() {
        this.captchaAction = this.el.dataset.captchaAction || "mdd_public_form";
        this._updateVisibility();
        this._setupTurnstile();
        if (session.recaptcha_public_key) {
            this._recaptchaReady = loadJS(
                `https://www.recaptcha.net/recaptcha/api.js?render=${encodeURIComponent(
                    session.recaptcha_public_key
                )}`
            ).then(() => new Promise((resolve) => window.grecaptcha.ready(resolve)));
        }
        const summary = this.el.parentElement.querySelector(".o_mdd_error_summary");
        if (summary) {
            summary.focus();
        }
        return this._super(...arguments);
    },

    _updateVisibility() {
        const contactFields = this.el.querySelector(".o_mdd_contact_fields");
        if (contactFields) {
            const choice = this.el.querySelector(".o_mdd_contact_choice:checked");
            contactFields.classList.toggle("d-none", !choice || choice.value !== "yes");
        }
        const parental = this.el.querySelector(".o_mdd_parental_consent");
        const age = this.el.querySelector("select[name='age_group']");
        if (parental && age) {
            parental.classList.toggle("d-none", age.value !== "0_15");
        }
    },

    _onFileChange(ev) {
        const input = ev.currentTarget;
        const maxFiles = parseInt(input.dataset.maxFiles || "0");
        const maxSize = parseInt(input.dataset.maxSize || "0");
        const files = [...input.files];
        const tooMany = maxFiles && files.length > maxFiles;
        const tooLarge = maxSize && files.some((file) => file.size > maxSize);
        input.classList.toggle("is-invalid", Boolean(tooMany || tooLarge));
        input.setAttribute("aria-invalid", tooMany || tooLarge ? "true" : "false");
        if (tooMany || tooLarge) {
            // The server explains the limits; do not upload megabytes for nothing.
            input.value = "";
        }
    },

    _setupTurnstile() {
        const container = this.el.querySelector(".o_mdd_captcha");
        if (!session.turnstile_site_key || !container) {
            return;
        }
        const widget = document.createElement("div");
        widget.className = "cf-turnstile";
        widget.dataset.sitekey = session.turnstile_site_key;
        widget.dataset.action = this.captchaAction;
        widget.dataset.responseFieldName = "turnstile_captcha";
        container.appendChild(widget);
        if (window.turnstile && window.turnstile.render) {
            window.turnstile.render(widget);
        } else {
            loadJS(TURNSTILE_URL);
        }
    },

    async _onSubmit(ev) {
        const submit = this.el.querySelector("button[type='submit']");
        if (
            session.recaptcha_public_key &&
            !this.el.querySelector("input[name='recaptcha_token_response']")
        ) {
            ev.preventDefault();
            if (submit) {
                submit.disabled = true;
            }
            try {
                await this._recaptchaReady;
                const token = await window.grecaptcha.execute(session.recaptcha_public_key, {
                    action: this.captchaAction,
                });
                const input = document.createElement("input");
                input.type = "hidden";
                input.name = "recaptcha_token_response";
                input.value = token;
                this.el.appendChild(input);
            } finally {
                if (submit) {
                    submit.disabled = false;
                }
            }
            this.el.requestSubmit ? this.el.requestSubmit() : this.el.submit();
            return;
        }
        if (submit) {
            // Avoid double submissions; the page is replaced on success.
            setTimeout(() => (submit.disabled = true));
        }
    },
});

export default publicWidget.registry.MddPublicForm;
