// The operators' page: a small line chart of each KPI's samples (vendored Chart.js; the data is
// the page's `json_script` "kpi-trends"). A static file: the CSP forbids inline script.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("kpi-trends");
    if (!source || typeof Chart === "undefined") {
      return;
    }
    var trends = JSON.parse(source.textContent);
    document.querySelectorAll("canvas[data-kpi-trend]").forEach(function (canvas) {
      var points = trends[canvas.getAttribute("data-kpi-trend")] || [];
      if (points.length === 0) {
        return;
      }
      new Chart(canvas, {
        type: "line",
        data: {
          labels: points.map(function (point) { return point[0].slice(11, 16); }),
          datasets: [{ data: points.map(function (point) { return point[1]; }), borderColor: "#0d6efd", borderWidth: 1.5, pointRadius: 0, spanGaps: true }]
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false }, tooltip: { intersect: false } },
          scales: { x: { display: false }, y: { display: false } }
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
