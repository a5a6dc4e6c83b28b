/** @odoo-module **/
// Average evaluation scores: the server empties the average of a group with
// fewer than 5 answers (mdd.education.evaluation.analysis); show why
// instead of a blank or a zero.
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatFloat} from "@web/views/fields/formatters";

export function formatEvaluationScore(value) {
    if (value === false || value === null || value === undefined) {
        return _t("<5 answers");
    }
    return formatFloat(value, {digits: [16, 1]});
}

registry.category("formatters").add("mdd_evaluation_score", formatEvaluationScore);
