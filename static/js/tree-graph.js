// The tree editor's graph: zoom buttons that scale the SVG (its width and height attributes, which
// keep it sharp), shown only when this script runs; without it the drawing scrolls at its own size.
(function () {
  "use strict";
  var frame = document.querySelector("[data-graph]");
  var tools = document.querySelector("[data-graph-tools]");
  var svg = frame && frame.querySelector("svg");
  if (!svg || !tools) { return; }
  var width = parseFloat(svg.getAttribute("width"));
  var height = parseFloat(svg.getAttribute("height"));
  var scale = 1;
  function apply() {
    svg.setAttribute("width", (width * scale).toFixed(1) + "pt");
    svg.setAttribute("height", (height * scale).toFixed(1) + "pt");
  }
  tools.hidden = false;
  tools.addEventListener("click", function (event) {
    var button = event.target.closest("[data-zoom]");
    if (!button) { return; }
    var how = button.getAttribute("data-zoom");
    if (how === "in") { scale = Math.min(scale * 1.25, 4); }
    if (how === "out") { scale = Math.max(scale / 1.25, 0.1); }
    if (how === "reset") { scale = 1; }
    if (how === "fit") { scale = Math.min(1, frame.clientWidth / (width * 4 / 3)); }
    apply();
  });
  // Wide trees open fitted to the frame, but never so small that the boxes cannot be read.
  if (width * 4 / 3 > frame.clientWidth) { scale = Math.max(0.8, frame.clientWidth / (width * 4 / 3)); apply(); }
}());
