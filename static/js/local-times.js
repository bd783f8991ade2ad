/* Times a customer reads are printed by the server in UTC, with the zone named ("23:07 UTC"). With
   scripts on, each <time data-local-time="time|datetime"> is rewritten in the reader's own zone, still
   naming it ("07:07 GMT+8"), and again whenever htmx swaps in new ones. */
(function () {
  "use strict";

  var FORMATS = {
    time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" },
    datetime: { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
                hourCycle: "h23", timeZoneName: "short" }
  };

  function localise(root) {
    root.querySelectorAll("time[data-local-time][datetime]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime").replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));
      var format = FORMATS[el.getAttribute("data-local-time")];
      if (isNaN(when.getTime()) || !format) return;
      el.title = el.textContent;  // the server's UTC wording stays on hover
      el.textContent = new Intl.DateTimeFormat(undefined, format).format(when);
    });
  }

  localise(document);
  document.addEventListener("htmx:afterSwap", function (event) { localise(event.target); });
  document.addEventListener("htmx:historyRestore", function () { localise(document); });
})();
