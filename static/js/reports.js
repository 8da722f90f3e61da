// The report request form: with JavaScript, htmx updates the dependent choices, so the no-JS button and hint hide.
(function () {
  "use strict";
  if (window.htmx) {
    document.documentElement.classList.add("js");
  }
})();
