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
  // Wide tables and charts scroll inside .table-responsive; say so above each while it overflows.
  function markScrollable() {
    var boxes = document.querySelectorAll(".table-responsive");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "Scroll sideways for more";
        box.parentNode.insertBefore(hint, box);
      }
      hint.hidden = box.scrollWidth <= box.clientWidth + 1 || box.offsetParent === null;
    }
  }
  document.addEventListener("DOMContentLoaded", markScrollable);
  window.addEventListener("resize", markScrollable);
  document.addEventListener("toggle", markScrollable, true);
  document.addEventListener("htmx:afterSettle", markScrollable);
})();
