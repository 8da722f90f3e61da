// Project JavaScript. No inline scripts anywhere: the Content Security Policy forbids them.
(function () {
  "use strict";
  // Elements marked data-confirm ask before their form is submitted.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
  // The period control: typing a date means "dates I choose".
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.id !== "period-from" && input.id !== "period-to") {
      return;
    }
    var select = document.getElementById("period-select");
    if (select) {
      select.value = "custom";
    }
  });
})();
