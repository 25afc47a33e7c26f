// Live pages (apps/core/live.py): each [data-live-poll] element asks its URL again every few
// seconds while the page is visible, sending the ETag of what the page shows. A 304 changes
// nothing; a 200 swaps in the changed fragment (or, with hx-swap="none", its HX-Trigger events
// make the changed sections reload themselves). A swap that would replace what the person is
// working on (a focused field, an open menu, a card being dragged) is held, and a notice says
// that someone else changed the page. Hidden pages (another tab) do not ask.
(function () {
  "use strict";
  var timer = null;

  function polls() {
    return document.querySelectorAll("[data-live-poll]");
  }

  function pollAll() {
    if (document.visibilityState !== "visible") return;
    polls().forEach(function (elt) {
      window.htmx.trigger(elt, "live-poll");
    });
  }

  function start() {
    var first = polls()[0];
    if (!first || timer) return;
    var seconds = parseFloat(first.dataset.liveSeconds) || 10;
    timer = window.setInterval(pollAll, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", start);
  // A panel loaded after the page (the dashboard's "my work") brings its own poll.
  document.addEventListener("htmx:load", start);
  // Back to a hidden tab: catch up at once instead of waiting for the next tick.
  document.addEventListener("visibilitychange", pollAll);

  function isPoll(elt) {
    return elt && elt.hasAttribute && elt.hasAttribute("data-live-poll");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (!isPoll(elt)) return;
    // An explicit If-None-Match makes the browser hand the 304 to us instead of its cached copy.
    event.detail.headers["If-None-Match"] = elt.dataset.liveEtag || "";
    event.detail.headers["X-Live-Poll"] = "1";
    // The page's pass lets an unchanged poll be answered without reading the session.
    if (elt.dataset.livePass) event.detail.headers["X-Live-Pass"] = elt.dataset.livePass;
    if (elt.hasAttribute("data-live-follow-location")) {
      // The filters push their query string to the address bar: follow what the page shows.
      event.detail.path = window.location.pathname + window.location.search;
    }
  });

  function busy(region) {
    if (!region) return false;
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active) && active.closest("form")) return true;
    return Boolean(
      region.querySelector(".fp-dragging, .fp-pending, .dropdown-menu.show, details.fp-inline-form[open]")
    );
  }

  function notice(elt) {
    var box = elt.parentNode && elt.parentNode.querySelector("[data-live-notice]");
    if (box) box.hidden = false;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    var xhr = event.detail.xhr;
    if (isPoll(elt)) {
      var renewed = xhr.getResponseHeader("X-Live-Pass");
      if (renewed) elt.dataset.livePass = renewed;
      if (xhr.status === 304) {
        event.detail.shouldSwap = false;
        return;
      }
      if (xhr.status !== 200) return;
      if (elt.hasAttribute("data-live-warn")) {
        // A form page: only a change of the object itself (not a new message) refuses the save.
        if ((xhr.getResponseHeader("HX-Trigger") || "").indexOf("live-main") !== -1) notice(elt);
        event.detail.shouldSwap = false;
      } else if (busy(event.detail.target)) {
        // Keep the old ETag: the next poll asks again, and swaps once the person is done.
        event.detail.shouldSwap = false;
        notice(elt);
        return;
      }
      var etag = xhr.getResponseHeader("ETag");
      if (etag) elt.dataset.liveEtag = etag;
      return;
    }
    // A section reloading itself on a live event: hold it while the person works in it.
    if (elt && elt.hasAttribute && elt.hasAttribute("data-live-section") && busy(event.detail.target)) {
      var poll = polls()[0];
      event.detail.shouldSwap = false;
      if (poll) notice(poll);
    }
  });

  // Optimistic sub-stage: a "complete" form marks its step done at once; the re-rendered
  // project section reconciles (or shows why it was refused).
  document.addEventListener("submit", function (event) {
    var form = event.target.closest && event.target.closest("form[data-optimistic-step]");
    if (!form) return;
    var step = form.closest("[data-sub-stage]");
    if (!step) return;
    step.classList.add("fp-step-pending");
    step.dataset.status = form.dataset.optimisticStep;
    var badge = step.querySelector(".badge");
    if (badge && form.dataset.optimisticLabel) badge.textContent = form.dataset.optimisticLabel;
  }, true);
})();
