// claimtrail progressive enhancement. Every page works without this file;
// it only adds conveniences. No inline scripts: the CSP allows only files
// from this origin.
(function () {
  "use strict";

  // Provenance table: a button that adds an empty hop row.
  function enhanceHops(table) {
    var body = table.tBodies[0];
    if (!body || !body.rows.length) return;
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Add another hop";
    button.addEventListener("click", function () {
      var last = body.rows[body.rows.length - 1];
      var row = last.cloneNode(true);
      var n = body.rows.length + 1;
      row.cells[0].textContent = String(n);
      row.querySelectorAll("input, select").forEach(function (el) {
        if (el.tagName === "SELECT") {
          el.selectedIndex = 0;
        } else {
          el.value = "";
        }
        var base = el.name;
        el.id = base + "-" + n;
      });
      row.querySelectorAll("label").forEach(function (label) {
        var input = label.nextElementSibling;
        if (input) {
          label.htmlFor = input.id;
          label.textContent = label.textContent.replace(/Hop \d+/, "Hop " + n);
        }
      });
      body.appendChild(row);
      var first = row.querySelector("select, input");
      if (first) first.focus();
    });
    var wrap = table.closest(".table-scroll") || table;
    wrap.insertAdjacentElement("afterend", button);
  }

  // Forms with data-confirm ask before they submit (rejecting a verdict).
  function enhanceConfirm(form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  }

  // Import form: an uploaded .html or .md file sets the format, when the
  // user left it at plain text.
  function enhanceUpload(input) {
    var format = document.getElementById("format");
    if (!format) return;
    input.addEventListener("change", function () {
      var f = input.files && input.files[0];
      if (!f || format.value !== "text") return;
      if (/\.html?$/i.test(f.name)) format.value = "html";
      else if (/\.(md|markdown)$/i.test(f.name)) format.value = "markdown";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-hops]").forEach(enhanceHops);
    document.querySelectorAll("form[data-confirm]").forEach(enhanceConfirm);
    document.querySelectorAll(".document-form input[type=file]").forEach(enhanceUpload);
  });
})();

/* suggestions */
// Hovering a suggestion in the panel outlines its sentence in the text,
// and the other way round; without JavaScript the links still jump.
document.querySelectorAll('.suggestion').forEach(function (li) {
  var id = li.id.replace(/^sg-/, '');
  var marks = document.querySelectorAll('a.suggested[href="#sg-' + id + '"]');
  function on() { marks.forEach(function (m) { m.classList.add('active'); }); }
  function off() { marks.forEach(function (m) { m.classList.remove('active'); }); }
  li.addEventListener('mouseenter', on);
  li.addEventListener('mouseleave', off);
});
