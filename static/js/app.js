// Factory Pulse page behaviour. Loaded as a static file: the CSP forbids inline script.
(function () {
  "use strict";
  // Re-initialise Bootstrap tooltips on content that htmx swaps in.
  function initTooltips(root) {
    if (!window.bootstrap) return;
    root.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      window.bootstrap.Tooltip.getOrCreateInstance(el);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initTooltips(document); });
  document.addEventListener("htmx:afterSwap", function (event) { initTooltips(event.target); });
})();
