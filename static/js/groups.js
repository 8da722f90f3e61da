// Groups: small progressive touches; every page works without them.
(function () {
  "use strict";
  // Meeting registration: show "why cancelled" only when Cancelled is chosen.
  var reason = document.querySelector(".cancel-reason");
  var heldInputs = document.querySelectorAll("input[name='held']");
  function syncReason() {
    if (!reason) { return; }
    var cancelled = document.querySelector("input[name='held'][value='no']:checked");
    var hasError = reason.querySelector(".invalid-feedback, .is-invalid");
    reason.hidden = !cancelled && !hasError;
  }
  heldInputs.forEach(function (input) { input.addEventListener("change", syncReason); });
  syncReason();

  // Duration: say at once when the length is outside the usual 60-90 minutes (a warning, never a refusal).
  var duration = document.getElementById("id_duration_minutes");
  var hint = document.querySelector(".duration-hint");
  function syncDuration() {
    if (!duration || !hint) { return; }
    var value = parseInt(duration.value, 10);
    var outside = !isNaN(value) && (value < 60 || value > 90);
    hint.classList.toggle("is-outside", outside);
    hint.textContent = outside
      ? value + " minutes is outside the usual 60-90. That is fine if it is what happened."
      : "Meetings usually last 60-90 minutes.";
  }
  if (duration) { duration.addEventListener("input", syncDuration); syncDuration(); }

  // Several groups: choosing another group moves the date to its last meeting day, unless the date was typed.
  var datesData = document.getElementById("default-dates");
  var groupSelect = document.querySelector("select#id_group");
  var dateInput = document.getElementById("id_date");
  if (datesData && groupSelect && dateInput) {
    var dates = JSON.parse(datesData.textContent);
    var typed = false;
    dateInput.addEventListener("input", function () { typed = true; });
    groupSelect.addEventListener("change", function () {
      if (!typed && dates[groupSelect.value]) { dateInput.value = dates[groupSelect.value]; }
    });
  }

  // Referral card: a print button.
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
