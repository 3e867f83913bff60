// postcrm's only script, loaded from a file so that the CSP forbids every
// inline script. Pages work without it; it adds confirmations and the
// import progress.
"use strict";

// <form data-confirm="…"> asks before submitting (lock, reset password).
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});

// <section data-import-status="/api/v1/imports/ID"> polls the import's
// progress until it has finished, then reloads to show the summary.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-import-status]");
  if (!box) return;
  var url = box.getAttribute("data-import-status");
  var bar = box.querySelector("progress");
  var rows = box.querySelector("[data-rows]");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (run) {
        if (run.total > 0) { bar.max = run.total; bar.value = run.done; }
        if (rows) rows.textContent = run.rows_read.toLocaleString();
        if (run.state !== "running") { window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
});

// Reports. <button data-print> prints the page (print.css lays it out on
// A4); an element with data-refresh="N" reloads the page every N seconds,
// so that the evening board on an office screen follows the day's imports.
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) window.print();
});
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-refresh]");
  if (!box) return;
  var seconds = parseInt(box.getAttribute("data-refresh"), 10);
  if (seconds > 0) setTimeout(function () { window.location.reload(); }, seconds * 1000);
});

// The visit form: the reason shows only for an outcome that reached the
// customer, the competitor only for that reason (app.css does it with
// :has(); this covers browsers without it), and after a refusal the
// first field at fault takes the focus.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("contact-form");
  if (!form) return;
  function checked(name) {
    var el = form.querySelector("input[name=" + name + "]:checked");
    return el ? el.value : "";
  }
  function show() {
    var outcome = checked("outcome");
    form.querySelectorAll(".if-reached").forEach(function (el) { el.hidden = outcome === "" || outcome === "unreachable"; });
    form.querySelectorAll(".if-competitor").forEach(function (el) { el.hidden = checked("reason") !== "competitor"; });
  }
  form.addEventListener("change", show);
  show();
  var bad = form.querySelector(".invalid input, .invalid select, .invalid textarea");
  if (bad) bad.focus();
});
