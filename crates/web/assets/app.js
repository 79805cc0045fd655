// herald's page script: light up every piece of a statement (its content spans, cue and speaker)
// together when one is hovered or focused, so split quotes read as one statement.
(function () {
  "use strict";
  function pieces(id) {
    return document.querySelectorAll('[data-quote="' + CSS.escape(id) + '"]');
  }
  function toggle(event, on) {
    var el = event.target.closest("[data-quote]");
    if (!el) return;
    pieces(el.getAttribute("data-quote")).forEach(function (p) {
      p.classList.toggle("lit", on);
    });
  }
  document.addEventListener("mouseover", function (e) { toggle(e, true); });
  document.addEventListener("mouseout", function (e) { toggle(e, false); });
  document.addEventListener("focusin", function (e) { toggle(e, true); });
  document.addEventListener("focusout", function (e) { toggle(e, false); });
})();
