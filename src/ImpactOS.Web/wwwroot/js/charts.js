// Draws every <canvas data-chart="ID"> from the Chart.js configuration in
// <script type="application/json" id="ID">. The configuration is built on the server; the table
// beside each chart carries the same numbers for readers who cannot see the chart.
(function () {
    "use strict";
    if (typeof Chart === "undefined") {
        return;
    }

    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
        var source = document.getElementById(canvas.dataset.chart);
        if (!source) {
            return;
        }

        var config = JSON.parse(source.textContent);
        config.options = config.options || {};
        config.options.responsive = true;
        config.options.maintainAspectRatio = false;
        new Chart(canvas, config);
    });
})();
