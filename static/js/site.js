// Waypoint's own few lines of JavaScript, kept in a file rather than inline so that the
// Content-Security-Policy can forbid inline scripts (and pages stay cacheable: no nonces).

// htmx leaves a 4xx answer unswapped; the boxes that answer a bad form or a stale step with 400 or
// 409 (and a page fragment saying why) list those statuses in data-swap-errors, so they are shown in place.
document.addEventListener("htmx:beforeSwap", function (event) {
  var box = event.target.closest && event.target.closest("[data-swap-errors]");
  if (!box) return;
  var statuses = box.getAttribute("data-swap-errors").split(/\s+/);
  if (statuses.indexOf(String(event.detail.xhr.status)) !== -1) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
