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
  // A refused form comes back with status 422 and the form re-rendered with its errors: swap it in
  // (htmx leaves 4xx responses unswapped by default).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
// A refused action on a partial (the user's role may not do it) comes back as 403 with the partial
// re-rendered and the reason shown, marked by X-Partial-Error: swap it in too.
document.addEventListener("htmx:beforeSwap", function (event) {
  var xhr = event.detail.xhr;
  if (xhr.status === 403 && xhr.getResponseHeader("X-Partial-Error")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
