/* Give the troubleshooter page it was loaded at its step's address (?step=N), as a history entry htmx
   can restore: each answer then pushes the next step's address (HX-Push-Url), and the browser's Back
   asks the server for the previous question instead of leaving the troubleshooter. */
(function () {
  "use strict";
  var wizard = document.getElementById("wizard");
  var url = wizard && wizard.getAttribute("data-step-url");
  if (url && window.location.pathname + window.location.search !== url) {
    window.history.replaceState({ htmx: true }, "", url);
  }
})();
