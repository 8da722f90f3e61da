// Meeting registration: small touches on the phone form; without them the form works the same, by the server.
(function () {
  "use strict";
  var form = document.querySelector(".meeting-form form");
  if (!form) { return; }

  // "Cancelled" hides and clears attendance and newcomers (the server accepts them blank for a cancelled meeting).
  var heldOnly = form.querySelectorAll(".held-only");
  function syncHeld() {
    var cancelled = form.querySelector("input[name='held'][value='no']:checked");
    heldOnly.forEach(function (block) {
      block.hidden = !!cancelled;
      if (cancelled) {
        block.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
    });
  }
  form.querySelectorAll("input[name='held']").forEach(function (input) {
    input.addEventListener("change", syncHeld);
  });
  syncHeld();

  // "Same as last time" ticks the agenda sections and tools of the group's last meeting, here and now.
  var lastData = document.getElementById("last-times");
  // {"fields": [agenda section or tool, ...], "groups": {group id: [last date, bit i set: fields[i] ticked]}}
  var lastTimes = lastData ? JSON.parse(lastData.textContent) : {};
  var same = form.querySelector(".same-as-last");
  var group = form.querySelector("[name='group']");
  function lastTime() {
    var found = group && lastTimes.groups ? lastTimes.groups[group.value] : null;
    if (!found) { return null; }
    var ticked = lastTimes.fields.filter(function (name, i) { return found[1] & (1 << i); });
    return { date: found[0], fields: ticked };
  }
  function syncSame() { if (same) { same.hidden = !lastTime(); } }
  if (same) {
    var status = same.querySelector(".same-as-last-status");
    same.querySelector("button").addEventListener("click", function (event) {
      var last = lastTime();
      if (!last) { return; }
      event.preventDefault();
      form.querySelectorAll("input[name='agenda'], input[name='tools']").forEach(function (box) {
        box.checked = last.fields.indexOf(box.value) !== -1;
      });
      if (status) { status.textContent = "Ticked as on " + last.date + "."; }
    });
    if (group) { group.addEventListener("change", syncSame); }
    syncSame();
  }

  // "Change it" beside a plausibility warning puts the cursor in the field it is about.
  form.querySelectorAll(".change-it").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.querySelector(link.getAttribute("href"));
      var input = target && target.querySelector("input, select, textarea");
      if (!input) { return; }
      event.preventDefault();
      input.focus();
      if (input.select && input.type !== "checkbox" && input.type !== "radio") { input.select(); }
    });
  });
})();
