// MotCua progressive enhancement. Every page works without this file; it
// only adds conveniences. Loaded with "defer", so the DOM is parsed already.
(function () {
  "use strict";

  // Move focus to the error summary so screen-reader and keyboard users
  // land on the list of problems after a failed submit.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  // Ask before destructive actions: <button data-confirm="Xóa hồ sơ này?">.
  document.addEventListener("click", function (event) {
    var target = event.target;
    var el = target && target.closest ? target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // Stop double submits on slow connections. The flag is cleared when the
  // page is restored from the back/forward cache. Forms that stay on the
  // page (file downloads) opt out with data-no-lock.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-no-lock")) {
      return;
    }
    if (form.hasAttribute("data-submitting")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "");
  });
  window.addEventListener("pageshow", function () {
    var forms = document.querySelectorAll("form[data-submitting]");
    for (var i = 0; i < forms.length; i++) {
      forms[i].removeAttribute("data-submitting");
    }
  });

  // Following an error-summary link moves focus to the field itself, not
  // just scrolls to it, and keeps its label in view.
  if (summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link) {
        return;
      }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) {
        return;
      }
      event.preventDefault();
      var field = input.closest(".field") || input;
      field.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
})();
