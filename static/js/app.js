// MotCua progressive enhancement. Every page works without this file; it
// only adds conveniences. Loaded with "defer", so the DOM is parsed already.
(function () {
  "use strict";

  // The main navigation folds behind "Menu" (a <details>) on a phone. On a
  // wider screen it is open: CSS unfolds it where the browser styles
  // ::details-content; elsewhere this does.
  var menu = document.querySelector(".nav-menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48em)");
    var syncMenu = function () { menu.open = wide.matches; };
    syncMenu();
    if (wide.addEventListener) {
      wide.addEventListener("change", syncMenu);
    }
  }

  // Move focus to the error summary so screen-reader and keyboard users
  // land on the list of problems after a failed submit.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  // A page shown again after one of its own buttons (an upload, an added
  // item, a province's communes) opens at the field used: the address
  // ends with its id. The browser scrolls there; give it the focus too.
  var landing = !summary && location.hash.length > 1 &&
    document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (landing) {
    (landing.closest(".field") || landing).scrollIntoView();
    landing.focus({ preventScroll: true });
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

  // E-forms (templates/eformview). A question with data-show-field is
  // shown while that input's answer is one of data-show-in (a JSON list);
  // the server decides the same on every post, so this only saves a trip.
  // Conditions name earlier questions, so one pass in page order settles
  // questions that hang on hidden ones.
  var conds = document.querySelectorAll("[data-show-field]");
  function showConditions() {
    for (var i = 0; i < conds.length; i++) {
      var c = conds[i], els = document.getElementsByName(c.getAttribute("data-show-field"));
      if (!els.length) {
        continue; // asked on another page: the server's decision stands
      }
      var want = JSON.parse(c.getAttribute("data-show-in")), show = false;
      for (var j = 0; j < els.length; j++) {
        var e = els[j];
        if (!e.closest("[hidden]") && (e.checked || (e.type !== "radio" && e.type !== "checkbox")) &&
            want.indexOf(e.value.trim()) >= 0) {
          show = true;
        }
      }
      c.hidden = !show;
    }
  }
  if (conds.length) {
    document.addEventListener("change", showConditions);
    document.addEventListener("input", showConditions);
  }

  // E-form addresses: fill the commune list as soon as a province is
  // chosen, from the JSON list ([{code, name}]) its option names. The
  // refresh button does it without JavaScript, and comes back if a fetch
  // fails.
  function loadCommunes(event) {
    var sel = event.target, opt = sel.options[sel.selectedIndex];
    var commune = document.getElementById(sel.getAttribute("data-communes-for"));
    var refresh = sel.parentNode.querySelector("[data-eform-refresh]");
    var url = opt && opt.getAttribute("data-communes");
    if (!commune) {
      return;
    }
    commune.length = 1; // keep the "— Chọn —" placeholder
    if (!url) {
      return;
    }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) {
          throw new Error("HTTP " + r.status);
        }
        return r.json();
      })
      .then(function (list) {
        if (sel.options[sel.selectedIndex] !== opt) {
          return; // another province was chosen meanwhile
        }
        for (var i = 0; i < list.length; i++) {
          commune.add(new Option(list[i].name, list[i].code));
        }
        var hint = commune.parentNode.querySelector("[data-eform-province-first]");
        if (hint) {
          var ids = (commune.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
            return id && id !== hint.id;
          });
          commune.setAttribute("aria-describedby", ids.join(" "));
          hint.remove();
        }
      })
      .catch(function () {
        if (refresh) {
          refresh.hidden = false;
        }
      });
  }
  var provinces = document.querySelectorAll("select[data-communes-for]");
  for (var k = 0; k < provinces.length; k++) {
    if (provinces[k].querySelector("option[data-communes]")) {
      var button = provinces[k].parentNode.querySelector("[data-eform-refresh]");
      if (button) {
        button.hidden = true;
      }
      provinces[k].addEventListener("change", loadCommunes);
    }
  }
})();
