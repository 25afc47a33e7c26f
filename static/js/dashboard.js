// Dashboard charts, drawn with the vendored Chart.js from the JSON the charts panel carries
// (`json_script`, id "dashboard-chart-data", inside <template data-chart-source> so that htmx keeps
// it when it swaps the panel in). A static file: the CSP forbids inline script. The JSON names the
// series too, in the reader's language (apps/dashboard/charts.py): this script has no words of its own.
(function () {
  "use strict";

  var COLORS = {
    primary: "#0d6efd",
    teal: "#20c997",
    orange: "#fd7e14",
    red: "#dc3545",
    indigo: "#6610f2",
    gray: "#6c757d"
  };
  var PRIORITY_COLORS = [COLORS.gray, COLORS.primary, COLORS.orange, COLORS.red];

  function baseOptions(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { ticks: { autoSkip: false } } }
    };
    return Object.assign(options, extra || {});
  }

  var BUILDERS = {
    stages: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: data.series, data: data.values, backgroundColor: COLORS.primary }] },
        options: baseOptions({ indexAxis: "y" })
      };
    },
    priorities: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: data.series, data: data.values, backgroundColor: PRIORITY_COLORS }] },
        options: baseOptions({ scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      };
    },
    stageHours: function (data) {
      return {
        type: "bar",
        data: { labels: data.labels, datasets: [{ label: data.series, data: data.values, backgroundColor: COLORS.teal }] },
        options: baseOptions({ indexAxis: "y", scales: { x: { beginAtZero: true } } })
      };
    },
    workload: function (data) {
      var onSchedule = data.openSubStages.map(function (open, i) { return open - data.overdueSubStages[i]; });
      var stacked = { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { autoSkip: false } } };
      return {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.series.onSchedule, data: onSchedule, backgroundColor: COLORS.primary },
            { label: data.series.overdue, data: data.overdueSubStages, backgroundColor: COLORS.red },
            { label: data.series.approvals, data: data.pendingApprovals, backgroundColor: COLORS.indigo }
          ]
        },
        options: baseOptions({ indexAxis: "y", scales: stacked, plugins: { legend: { display: true, position: "bottom" } } })
      };
    }
  };

  function chartData(root) {
    var holder = root.querySelector("template[data-chart-source]") ||
      document.querySelector("template[data-chart-source]");
    var source = holder && holder.content.querySelector("#dashboard-chart-data");
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawCharts(root) {
    if (!window.Chart || !root.querySelectorAll) return;
    var canvases = root.querySelectorAll("canvas[data-chart]");
    if (!canvases.length) return;
    var data = chartData(root);
    if (!data) return;
    canvases.forEach(function (canvas) {
      var build = BUILDERS[canvas.dataset.chart];
      if (!build || window.Chart.getChart(canvas)) return;
      new window.Chart(canvas, build(data[canvas.dataset.chart]));
    });
  }

  // A panel swapped out takes its charts with it: free them rather than leave them to leak.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var element = event.detail.elt;
    if (window.Chart && element.matches && element.matches("canvas[data-chart]")) {
      var chart = window.Chart.getChart(element);
      if (chart) chart.destroy();
    }
  });

  // htmx fires htmx:load for every piece of content it swaps in (and for the body at start-up);
  // DOMContentLoaded covers a panel opened as a page of its own.
  document.addEventListener("htmx:load", function (event) { drawCharts(event.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
})();
