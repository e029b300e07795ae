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

/* search */
// "/" focuses the search box in the header, unless the user is typing in
// a field already.
document.addEventListener('keydown', function (e) {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  var box = document.getElementById('top-q');
  if (!box) return;
  e.preventDefault();
  box.focus();
  box.select();
});

// The claim form lists the claims closest to the text while the editor
// types ("Already checked?"), from /api/v1/claims/similar, a moment after
// the last key. Without JavaScript the "Check for similar claims" button
// does the same by submitting the form.
(function () {
  var text = document.getElementById('text');
  var box = document.getElementById('similar');
  if (!text || !box) return;
  var list = box.querySelector('ul');
  var none = box.querySelector('.similar-none');
  var self = box.getAttribute('data-claim-id') || '';
  var timer = null, last = null, seq = 0;
  function show(items) {
    list.textContent = '';
    items = (items || []).filter(function (it) { return it.claim.id !== self; }).slice(0, 5);
    items.forEach(function (it) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/claims/' + encodeURIComponent(it.claim.id);
      a.textContent = it.claim.text;
      li.appendChild(a);
      var st = document.createElement('span');
      st.className = 'badge status status-' + it.claim.status;
      st.textContent = it.claim.status;
      li.appendChild(document.createTextNode(' '));
      li.appendChild(st);
      if (it.verdict) {
        var v = document.createElement('span');
        v.className = 'rating';
        v.textContent = ' ' + it.verdict.rating + ' (' + it.verdict.state + ')';
        li.appendChild(v);
      }
      var sc = document.createElement('span');
      sc.className = 'score';
      sc.textContent = ' ' + Math.round(it.score * 100) + '% alike';
      li.appendChild(sc);
      list.appendChild(li);
    });
    if (none) none.hidden = items.length > 0;
    box.hidden = false;
  }
  function lookup() {
    var q = text.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 10) { box.hidden = true; return; }
    var mine = ++seq;
    fetch('/api/v1/claims/similar?limit=6&text=' + encodeURIComponent(q), {
      credentials: 'same-origin', headers: { Accept: 'application/json' }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) show(data.items); })
      .catch(function () {});
  }
  text.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 300);
  });
  if (text.value.trim() && box.hidden) lookup();
})();
