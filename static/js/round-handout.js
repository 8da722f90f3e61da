// A round's public link: a Copy button, and a Print button on its poster. Without JavaScript both stay
// hidden and the link can be selected and copied by hand, the poster printed from the browser's menu.
(function () {
  "use strict";
  function copied(status, text) {
    if (status) {
      status.textContent = text;
    }
  }
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!input) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { copied(status, "Link copied. Paste it into a message or an e-mail."); };
      var byHand = function () {
        input.focus();
        input.select();
        copied(status, "The link is selected: press Ctrl+C (or ⌘C) to copy it.");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, byHand);
      } else {
        byHand();
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
