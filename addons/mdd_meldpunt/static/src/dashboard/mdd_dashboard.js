/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { useSetupAction } from "@web/search/action_hook";

const COLORS = ["#2a6f97", "#a9c5d6", "#e07a5f", "#81b29a", "#f2cc8f", "#3d405b"];

/**
 * One chart: a Chart.js canvas and, below it, the same numbers as a table
 * whose numbers are links. A click on a bar or point and a click on its
 * link open the same reports.
 */
export class MddDashboardChart extends Component {
    static template = "mdd_meldpunt.DashboardChart";
    static props = { chart: Object, onOpen: Function };

    setup() {
        this.canvasRef = useRef("canvas");
        this.chartjs = null;
        useEffect(
            () => {
                this.renderChart();
                return () => this.chartjs?.destroy();
            },
            () => [this.props.chart]
        );
    }

    get shownRows() {
        const { rows, max_bars } = this.props.chart;
        return this.props.chart.type === "line" ? rows : rows.slice(0, max_bars);
    }

    renderChart() {
        const chart = this.props.chart;
        if (!chart.rows.length || !this.canvasRef.el) {
            return;
        }
        const rows = this.shownRows;
        const line = chart.type === "line";
        const datasets = chart.series.map((label, index) => ({
            label,
            data: rows.map((row) => row.values[index]),
            backgroundColor: COLORS[index % COLORS.length],
            borderColor: COLORS[index % COLORS.length],
            borderDash: line && index ? [6, 4] : [],
            tension: 0,
        }));
        const indexAxis = chart.type === "hbar" ? "y" : "x";
        this.chartjs = new Chart(this.canvasRef.el, {
            type: line ? "line" : "bar",
            data: { labels: rows.map((row) => row.label), datasets },
            options: {
                indexAxis,
                interaction: this.interaction(indexAxis),
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { display: chart.series.length > 1 } },
                scales: {
                    x: { beginAtZero: true, ticks: { precision: 0 } },
                    y: { beginAtZero: true, ticks: { precision: 0 } },
                },
                onHover: (event, elements) => {
                    const link = elements.length && chart.action;
                    event.native.target.style.cursor = link ? "pointer" : "default";
                },
                onClick: (event, elements) => {
                    if (elements.length && chart.action) {
                        const { index, datasetIndex } = elements[0];
                        this.props.onOpen(chart, rows[index], datasetIndex);
                    }
                },
            },
        });
    }

    /**
     * Which value a click or hover picks: on a chart of one series the whole
     * band of a bar, on a line the nearest point, else the bar under the
     * pointer.
     */
    interaction(indexAxis) {
        const chart = this.props.chart;
        if (chart.type === "line") {
            return { mode: "nearest", intersect: false };
        }
        if (chart.series.length === 1) {
            return { mode: "index", axis: indexAxis, intersect: false };
        }
        return { mode: "nearest", intersect: true };
    }

    get height() {
        const chart = this.props.chart;
        if (chart.type === "hbar") {
            return Math.max(160, 36 * this.shownRows.length + 40);
        }
        return 260;
    }
}

export class MddDashboard extends Component {
    static template = "mdd_meldpunt.Dashboard";
    static components = { MddDashboardChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, year: null });
        // Back from the reports (breadcrumb): the year that was chosen.
        useSetupAction({ getLocalState: () => ({ year: this.state.year }) });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load(this.props.state?.year || null);
        });
    }

    async load(year = null) {
        this.state.data = await this.orm.call("mdd.dashboard", "get_dashboard_data", [], {
            year,
        });
        this.state.year = this.state.data.year;
    }

    async onYearChange(ev) {
        await this.load(parseInt(ev.target.value));
    }

    /** Open the reports behind a card. */
    openCard(card) {
        this.open(card.action, card.label, card.domain);
    }

    /** Open the reports behind one value of a chart. */
    openRow(chart, row, index = 0) {
        const series = chart.series.length > 1 ? ` ${chart.series[index]}` : "";
        this.open(chart.action, `${chart.title}: ${row.label}${series}`, row.domains[index]);
    }

    open(key, name, domain) {
        this.action.doAction({ ...this.state.data.actions[key], name, domain });
    }
}

registry.category("actions").add("mdd_meldpunt.dashboard", MddDashboard);
