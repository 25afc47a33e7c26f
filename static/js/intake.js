// The intake form shows either the existing-customer fields or the new-customer fields. Without
// JavaScript both show, and the server uses the ones the chosen mode names.
(function () {
  "use strict";
  function sync() {
    var checked = document.querySelector('input[name="customer_mode"]:checked');
    var mode = checked ? checked.value : "existing";
    document.querySelectorAll("[data-customer-mode]").forEach(function (section) {
      section.hidden = section.dataset.customerMode !== mode;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[name="customer_mode"]').forEach(function (radio) {
      radio.addEventListener("change", sync);
    });
    sync();
  });
})();
