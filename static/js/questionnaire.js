// Questionnaire rules in the browser: skip (relevant), required and constraint.
// The rules arrive already parsed by the server (evaluation/expressions.py) as JSON in
// <script type="application/json" id="questionnaire-rules">; this file only walks the tree.
// The server checks everything again, so a browser without JavaScript loses nothing.
(function () {
  "use strict";
  var data = document.getElementById("questionnaire-rules");
  var form = document.getElementById("questionnaire-form");
  if (!data || !form) { return; }
  var rules = JSON.parse(data.textContent);
  var names = Object.keys(rules);
  form.noValidate = true; // our messages replace the browser's, so they match the server's

  function num(v) {
    if (Array.isArray(v) || v === "" || v === null || v === undefined) { return null; }
    var n = Number(v);
    return isNaN(n) ? null : n;
  }
  function operand(node, values, current) {
    if (node[0] === "ref") { return values[node[1]] === undefined ? "" : values[node[1]]; }
    if (node[0] === "self") { return current; }
    return node[1];
  }
  function compare(op, left, right) {
    if (Array.isArray(left)) { left = left.join(" "); }
    if (Array.isArray(right)) { right = right.join(" "); }
    var a = num(left), b = num(right);
    if (op === "=" || op === "!=") {
      var equal = (a !== null && b !== null) ? a === b : String(left) === String(right);
      return op === "=" ? equal : !equal;
    }
    if (a === null || b === null) {
      if (left === "" || right === "" || left === null || right === null) { return false; }
      a = String(left); b = String(right);
    }
    if (op === "<") { return a < b; }
    if (op === "<=") { return a <= b; }
    if (op === ">") { return a > b; }
    return a >= b;
  }
  function evaluate(node, values, current) {
    if (!node) { return true; }
    switch (node[0]) {
      case "or": return evaluate(node[1], values, current) || evaluate(node[2], values, current);
      case "and": return evaluate(node[1], values, current) && evaluate(node[2], values, current);
      case "not": return !evaluate(node[1], values, current);
      case "selected":
        var v = operand(node[1], values, current);
        var chosen = Array.isArray(v) ? v : String(v || "").split(/\s+/);
        return chosen.indexOf(node[2]) !== -1;
      case "cmp": return compare(node[1], operand(node[2], values, current), operand(node[3], values, current));
    }
    return true;
  }
  function wrapper(name) { return form.querySelector('[data-question="' + name + '"]'); }
  function inputs(name) {
    if (rules[name] && rules[name].type === "rank") {
      // A ranking sends one list per place: NAME_0, NAME_1, ...
      var place = new RegExp("^" + name.replace(/[.\-]/g, "\\$&") + "_\\d+$");
      return Array.prototype.filter.call(form.querySelectorAll("select"), function (e) { return place.test(e.name); });
    }
    return form.querySelectorAll('[name="' + name + '"]');
  }
  function valueOf(name) {
    var rule = rules[name], els = inputs(name);
    if (!els.length) { return ""; }
    if (rule.type === "rank") {
      return Array.prototype.map.call(els, function (e) { return e.value; }).filter(Boolean).join(" ");
    }
    if (rule.type === "acknowledge") { return els[0].checked ? "OK" : ""; }
    if (rule.type === "select_multiple") {
      return Array.prototype.filter.call(els, function (e) { return e.checked; }).map(function (e) { return e.value; });
    }
    if (rule.type === "select_one") {
      var picked = Array.prototype.find.call(els, function (e) { return e.checked; });
      return picked ? picked.value : "";
    }
    return els[0].value.trim();
  }
  function blank(v) { return v === "" || (Array.isArray(v) && v.length === 0); }

  // Show or hide each question by its skip rule; hidden answers are disabled so they are not sent.
  function refresh() {
    var values = {};
    names.forEach(function (name) {
      var shown = evaluate(rules[name].relevant, values);
      var box = wrapper(name);
      if (box) {
        box.hidden = !shown;
        Array.prototype.forEach.call(inputs(name), function (e) { e.disabled = !shown; });
      }
      values[name] = shown && rules[name].type !== "note" ? valueOf(name) : "";
    });
    return values;
  }
  function setError(name, message) {
    var box = wrapper(name);
    if (!box) { return; }
    var old = box.querySelector(".js-error");
    if (old) { old.remove(); }
    Array.prototype.forEach.call(inputs(name), function (e) {
      e.classList.toggle("is-invalid", !!message);
      if (message) { e.setAttribute("aria-invalid", "true"); } else { e.removeAttribute("aria-invalid"); }
    });
    if (message) {
      var p = document.createElement("p");
      p.className = "js-error invalid-feedback d-block";
      p.id = "error-js-" + name;
      p.textContent = message;
      box.appendChild(p);
      Array.prototype.forEach.call(inputs(name), function (e) { e.setAttribute("aria-describedby", p.id); });
    }
  }
  function validate() {
    var values = {}, first = null;
    names.forEach(function (name) {
      var rule = rules[name];
      if (rule.type === "note") { return; }
      var shown = evaluate(rule.relevant, values);
      var value = shown ? valueOf(name) : "";
      values[name] = value;
      var message = "";
      if (shown && blank(value) && rule.required) {
        message = "An answer is needed.";
      } else if (shown && !blank(value) && rule.constraint && !evaluate(rule.constraint, values, value)) {
        message = rule.message;
      }
      setError(name, message);
      if (message && !first) { first = name; }
    });
    return first;
  }
  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  form.addEventListener("submit", function (event) {
    refresh();
    var first = validate();
    if (first) {
      event.preventDefault();
      var el = inputs(first)[0];
      if (el) { el.focus(); }
    }
  });
  refresh();
})();
