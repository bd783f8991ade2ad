/* The header search box's as-you-type suggestions as an ARIA combobox (WAI-ARIA APG "list autocomplete"):
   Down/Up move through the suggestions while focus stays in the box (aria-activedescendant), Enter opens
   the highlighted one, Escape closes the list. Without JavaScript the box is a plain search form. */
(function () {
  "use strict";

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }

    function highlight(option) {
      options().forEach(function (each) {
        each.setAttribute("aria-selected", each === option ? "true" : "false");
      });
      if (option) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      highlight(null);
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
    }

    // htmx swapped in new suggestions: nothing is highlighted yet.
    list.addEventListener("htmx:afterSwap", function () {
      input.setAttribute("aria-expanded", options().length ? "true" : "false");
      highlight(null);
    });

    input.addEventListener("keydown", function (event) {
      var all = options();
      var current = all.indexOf(document.getElementById(input.getAttribute("aria-activedescendant") || ""));
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = current === -1 ? (step === 1 ? 0 : all.length - 1) : (current + step + all.length) % all.length;
        highlight(all[next]);
      } else if (event.key === "Enter" && current !== -1) {
        var link = all[current].querySelector("a");
        if (link) {
          event.preventDefault();
          window.location.assign(link.href);
        }
      } else if (event.key === "Escape" && all.length) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      // Later than a click on a suggestion, which must still land.
      window.setTimeout(function () {
        if (document.activeElement !== input && !list.contains(document.activeElement)) {
          highlight(null);
        }
      }, 200);
    });
  }

  document.querySelectorAll("input[role=combobox][aria-controls]").forEach(setUp);
})();
