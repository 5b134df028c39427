// Draws every <canvas data-chart="ID"> from the Chart.js configuration in
// <script type="application/json" id="ID">. The configuration is built on the server; the table
// beside each chart carries the same numbers for readers who cannot see the chart.
// JSON cannot carry functions, so a configuration names its "format" and the callbacks for it
// (axis ticks, tooltips) live here.
(function () {
    "use strict";
    if (typeof Chart === "undefined") {
        return;
    }

    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;

    // Below this many companies at risk a point of a Kaplan–Meier curve is shaky (as on the pages).
    var FEW_COMPANIES = 10;

    function wholeDays(value) {
        return Math.floor(value);
    }

    function plural(n, one, many) {
        return n + " " + (n === 1 ? one : many);
    }

    function path(object, keys) {
        return keys.reduce(function (at, key) {
            at[key] = at[key] || {};
            return at[key];
        }, object);
    }

    var formats = {
        // Kaplan–Meier curves: x whole days, y percent still waiting, points { x, y, n = at risk }.
        km: function (config) {
            var x = path(config.options, ["scales", "x", "ticks"]);
            x.precision = 0;
            x.callback = function (value) { return wholeDays(value); };
            var y = path(config.options, ["scales", "y", "ticks"]);
            y.callback = function (value) { return value + " %"; };
            config.options.interaction = { mode: "nearest", axis: "x", intersect: false };
            var tooltip = path(config.options, ["plugins", "tooltip"]);
            tooltip.callbacks = {
                title: function (items) {
                    return items.length ? "Day " + wholeDays(items[0].raw.x) : "";
                },
                label: function (item) {
                    var point = item.raw;
                    var text = item.dataset.label + ": " + Math.round(point.y) + " % still waiting, "
                        + plural(point.n, "company", "companies") + " at risk";
                    return point.n < FEW_COMPANIES ? text + " (fewer than " + FEW_COMPANIES + ": uncertain)" : text;
                }
            };
        },
        // Forest plots of ratios on a log axis: every row labelled, ticks at 0.1, 0.2, 0.5, 1, 2, 5…,
        // and the tooltip says the ratio or the interval rather than a bar's two ends.
        forest: function (config) {
            var y = path(config.options, ["scales", "y", "ticks"]);
            y.autoSkip = false;
            var x = path(config.options, ["scales", "x", "ticks"]);
            x.autoSkip = false;
            x.callback = function (value) {
                var leading = Number(value.toPrecision(1)) / Math.pow(10, Math.floor(Math.log10(value)));
                return Math.abs(Number(value.toPrecision(1)) - value) < 1e-9 && (leading === 1 || leading === 2 || leading === 5)
                    ? String(Number(value.toPrecision(1))) : "";
            };
            var tooltip = path(config.options, ["plugins", "tooltip"]);
            tooltip.callbacks = {
                label: function (item) {
                    var ends = item.raw;
                    if (item.datasetIndex === 0) {
                        return item.dataset.label + ": " + ends[0].toFixed(2) + "–" + ends[1].toFixed(2);
                    }
                    return item.dataset.label + ": " + Math.sqrt(ends[0] * ends[1]).toFixed(2);
                }
            };
        },
        // Competing risks: stacked running totals in percent, x whole days; the tooltip gives each
        // end's own share (the difference from the dataset below it).
        incidence: function (config) {
            var x = path(config.options, ["scales", "x", "ticks"]);
            x.precision = 0;
            x.callback = function (value) { return wholeDays(value); };
            var y = path(config.options, ["scales", "y", "ticks"]);
            y.callback = function (value) { return value + " %"; };
            config.options.interaction = { mode: "nearest", axis: "x", intersect: false };
            var tooltip = path(config.options, ["plugins", "tooltip"]);
            tooltip.callbacks = {
                title: function (items) {
                    return items.length ? "Within " + plural(wholeDays(items[0].raw.x), "day", "days") : "";
                },
                label: function (item) {
                    var below = item.datasetIndex === 0 ? 0 : item.chart.data.datasets[item.datasetIndex - 1].data[item.dataIndex].y;
                    return item.dataset.label + ": " + Math.round(item.raw.y - below) + " %";
                }
            };
        },
        // Values in days (medians): whole days on the axis and in the tooltip.
        days: function (config) {
            var y = path(config.options, ["scales", "y", "ticks"]);
            y.precision = 0;
            y.callback = function (value) { return wholeDays(value); };
            var tooltip = path(config.options, ["plugins", "tooltip"]);
            tooltip.callbacks = {
                label: function (item) {
                    return item.dataset.label + ": " + plural(wholeDays(item.parsed.y), "day", "days");
                }
            };
        }
    };

    // A list of buttons under a chart (data-chart-legend="ID") shows and hides its series; it is
    // hidden until the chart is drawn, since without the chart it does nothing.
    function wireLegend(id, chart) {
        var legend = document.querySelector("[data-chart-legend='" + id + "']");
        if (!legend) {
            return;
        }

        legend.querySelectorAll("button[data-series]").forEach(function (button) {
            button.addEventListener("click", function () {
                var index = Number(button.dataset.series);
                var shown = !chart.isDatasetVisible(index);
                chart.setDatasetVisibility(index, shown);
                button.setAttribute("aria-pressed", shown ? "true" : "false");
                chart.update();
            });
        });
        legend.hidden = false;
    }

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
        var source = document.getElementById(canvas.dataset.chart);
        if (!source) {
            return;
        }

        var config = JSON.parse(source.textContent);
        config.options = config.options || {};
        config.options.responsive = true;
        config.options.maintainAspectRatio = false;
        var format = formats[config.format];
        delete config.format;
        if (format) {
            format(config);
        }

        var chart = new Chart(canvas, config);
        wireLegend(canvas.dataset.chart, chart);
        // Lets a test (or a reader's tools) tell a drawn chart from a failed one.
        canvas.dataset.chartDrawn = "true";
    });
})();
