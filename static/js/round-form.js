// Opening a round: the group list offers only the groups of the site chosen above it. Without JavaScript every
// group is offered with its site's name, and the server refuses a group of another site at the field.
(function () {
  "use strict";
  document.querySelectorAll("select[data-filter-by]").forEach(function (select) {
    var site = document.getElementById(select.getAttribute("data-filter-by"));
    if (!site) {
      return;
    }
    function apply() {
      Array.prototype.forEach.call(select.options, function (option) {
        var owner = option.getAttribute("data-site");
        var fits = !owner || !site.value || owner === site.value;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) {
          select.value = "";
        }
      });
    }
    site.addEventListener("change", apply);
    apply();
  });
})();
