/** @odoo-module **/
// Evaluations with scores, in the survey app's own pages: a participant
// scans the QR code of the attendance sheet (tour "participant", anonymous),
// the organisation's contact follows the link of the evaluation mail (tour
// "organisation"). Steps select by name, id or CSS, never by translatable
// text.
import {registry} from "@web/core/registry";

function scale(index, value) {
    return {
        content: `Score ${value} for question ${index + 1}`,
        trigger: `.js_question-wrapper:has(.o_survey_form_choice[data-question-type=scale]):eq(${index}) label.o_survey_choice_btn:eq(${value - 1})`,
        run: "click",
    };
}

const startSurvey = {
    content: "Start the survey",
    trigger: ".o_survey_start button[value=start]:not(.disabled)",
    run: "click",
};
const finish = [
    {trigger: "button[value=finish]:not(.disabled)", run: "click"},
    {content: "The survey thanks them", trigger: ".o_survey_finished"},
];

registry.category("web_tour.tours").add("mdd_voorlichting_participant_evaluation", {
    steps: () => [
        {
            content: "The page of the QR code: start the anonymous evaluation",
            trigger: ".mdd_participant_evaluation #mdd_evaluation_start",
            run: "click",
            expectUnloadPage: true,
        },
        startSurvey,
        scale(0, 4),
        scale(1, 5),
        scale(2, 3),
        {trigger: ".js_question-wrapper textarea", run: "edit Leuk en leerzaam."},
        ...finish,
    ],
});

registry.category("web_tour.tours").add("mdd_voorlichting_organisation_evaluation", {
    steps: () => [
        startSurvey,
        scale(0, 5),
        scale(1, 4),
        scale(2, 4),
        {trigger: ".js_question-wrapper:eq(3) textarea", run: "edit Goede voorbeelden."},
        ...finish,
    ],
});

registry.category("web_tour.tours").add("mdd_voorlichting_evaluation_pivot", {
    steps: () => [
        {content: "The pivot of the scores", trigger: ".o_pivot_view .o_pivot table"},
        {
            content: "Too few answers: no average, the reason instead",
            trigger: ".o_pivot table td .o_value:contains('<5')",
        },
    ],
});
