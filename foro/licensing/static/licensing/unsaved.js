// Warn before leaving a page whose guarded form (data-unsaved-guard) has changes that
// were not submitted. The browser shows its own wording; data-unsaved-message is kept for
// browsers that still show a page's text.
(function () {
  "use strict";
  var dirty = new Set();
  document.querySelectorAll("form[data-unsaved-guard]").forEach(function (form) {
    var mark = function () { dirty.add(form); };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { dirty.delete(form); });
    // a page shown again with refused input: that input is not saved yet
    if (form.querySelector("[aria-invalid=true]") || form.closest("section") && form.closest("section").querySelector(".error-summary")) {
      dirty.add(form);
    }
  });
  // a refused form comes back with its error summary: move there (GOV.UK pattern), so the
  // message is read and seen where the form is, not at the top of a long page
  var summary = document.querySelector(".error-summary[tabindex='-1']");
  if (summary) summary.focus();
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size === 0) return;
    var message = dirty.values().next().value.getAttribute("data-unsaved-message") || "";
    event.preventDefault();
    event.returnValue = message;
    return message;
  });
})();
