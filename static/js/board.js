// The board's drag and drop: dropping a card on another column posts the move; the server decides
// (only the next stage is allowed) and answers with the board re-rendered and a message.
(function () {
  "use strict";
  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".fp-card[data-move-url]");
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.project);
    card.classList.add("fp-dragging");
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("fp-dragging");
    dragged = null;
    document.querySelectorAll(".fp-drop-target").forEach(function (el) {
      el.classList.remove("fp-drop-target");
    });
  });
  document.addEventListener("dragover", function (event) {
    var column = dragged && event.target.closest && event.target.closest(".fp-board-column");
    if (!column) return;
    event.preventDefault();
    column.classList.add("fp-drop-target");
  });
  document.addEventListener("dragleave", function (event) {
    var column = event.target.closest && event.target.closest(".fp-board-column");
    if (column && !column.contains(event.relatedTarget)) column.classList.remove("fp-drop-target");
  });
  document.addEventListener("drop", function (event) {
    var column = dragged && event.target.closest && event.target.closest(".fp-board-column");
    if (!column) return;
    event.preventDefault();
    var card = dragged;
    var url = card.dataset.moveUrl;
    if (column.contains(card)) return;
    // Optimistic: the card moves at once. The answer re-renders the board (with the card back in
    // its column and the engine's message when refused); a request that failed puts it back here.
    var origin = card.parentNode;
    var next = card.nextSibling;
    var cards = column.querySelector(".fp-board-cards");
    if (cards) cards.insertBefore(card, cards.firstChild);
    card.classList.add("fp-pending");
    function putBack() {
      if (!card.isConnected) return; // the board was re-rendered
      card.classList.remove("fp-pending");
      origin.insertBefore(card, next);
    }
    window.htmx.ajax("POST", url, {
      target: "#board",
      swap: "outerHTML",
      values: { stage: column.dataset.stage },
    }).then(putBack, putBack);
  });
  // Moves answer with an "fp-message" event (HX-Trigger): show it above the board.
  document.body.addEventListener("fp-message", function (event) {
    var box = document.getElementById("board-message");
    if (!box) return;
    var alert = document.createElement("div");
    alert.className = "alert alert-" + event.detail.level + " py-2";
    alert.setAttribute("role", "status");
    alert.setAttribute("data-testid", "board-message");
    alert.textContent = event.detail.text;
    box.replaceChildren(alert);
  });
})();
